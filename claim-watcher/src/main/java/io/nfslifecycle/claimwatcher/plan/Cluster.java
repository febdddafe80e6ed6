package io.nfslifecycle.claimwatcher.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/**
 * What the cluster holds, as a reconcile sees it, with the lookups a decision about one claim or one volume needs.
 * Each lookup costs the same with 10 claims or 100,000 (the watcher's informers keep these indexes), so a plan of a
 * few claims costs what those claims cost, whatever the size of the cluster.
 */
public interface Cluster {

    Collection<StorageClass> storageClasses();

    Collection<PersistentVolumeClaim> claims();

    Collection<PersistentVolume> volumes();

    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolumeClaim> claimWithUid(String uid);

    Optional<PersistentVolume> volume(String name);

    /** The PVs whose {@code claimRef} names this claim uid. */
    Collection<PersistentVolume> volumesOf(String claimUid);

    /** The claims of this namespace whose data source is the claim {@code name}: clones that wait for it. */
    Collection<PersistentVolumeClaim> clonesOf(String namespace, String name);

    /** The uid a PV's {@code claimRef} names; empty when it names none. */
    static Optional<String> claimUidOf(PersistentVolume volume) {
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        return ref == null || ref.getUid() == null ? Optional.empty() : Optional.of(ref.getUid());
    }

    /** The claim a PVC's data source names, when it names one (of any kind): {@code namespace/name}. */
    static Optional<String> dataSourceOf(PersistentVolumeClaim pvc) {
        var spec = pvc.getSpec();
        if (spec == null) {
            return Optional.empty();
        }
        String namespace = pvc.getMetadata().getNamespace();
        if (spec.getDataSourceRef() != null && spec.getDataSourceRef().getName() != null) {
            String ns = spec.getDataSourceRef().getNamespace();
            return Optional.of(key(ns == null || ns.isEmpty() ? namespace : ns, spec.getDataSourceRef().getName()));
        }
        TypedLocalObjectReference source = spec.getDataSource();
        return source == null || source.getName() == null ? Optional.empty()
                : Optional.of(key(namespace, source.getName()));
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** A cluster held in memory, indexed once (tests, and fakes of the API). */
    static Cluster of(Collection<StorageClass> storageClasses, Collection<PersistentVolumeClaim> claims,
            Collection<PersistentVolume> volumes) {
        Map<String, PersistentVolumeClaim> byName = new HashMap<>();
        Map<String, PersistentVolumeClaim> byUid = new HashMap<>();
        Map<String, List<PersistentVolumeClaim>> clones = new HashMap<>();
        for (PersistentVolumeClaim pvc : claims) {
            byName.put(key(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName()), pvc);
            byUid.put(pvc.getMetadata().getUid(), pvc);
            dataSourceOf(pvc).ifPresent(source -> clones.computeIfAbsent(source, s -> new ArrayList<>()).add(pvc));
        }
        Map<String, PersistentVolume> volumesByName = new HashMap<>();
        Map<String, List<PersistentVolume>> volumesByClaim = new HashMap<>();
        for (PersistentVolume pv : volumes) {
            volumesByName.put(pv.getMetadata().getName(), pv);
            claimUidOf(pv).ifPresent(uid -> volumesByClaim.computeIfAbsent(uid, u -> new ArrayList<>()).add(pv));
        }
        return new Cluster() {
            @Override
            public Collection<StorageClass> storageClasses() {
                return storageClasses;
            }

            @Override
            public Collection<PersistentVolumeClaim> claims() {
                return claims;
            }

            @Override
            public Collection<PersistentVolume> volumes() {
                return volumes;
            }

            @Override
            public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
                return Optional.ofNullable(byName.get(key(namespace, name)));
            }

            @Override
            public Optional<PersistentVolumeClaim> claimWithUid(String uid) {
                return Optional.ofNullable(byUid.get(uid));
            }

            @Override
            public Optional<PersistentVolume> volume(String name) {
                return Optional.ofNullable(volumesByName.get(name));
            }

            @Override
            public Collection<PersistentVolume> volumesOf(String claimUid) {
                return volumesByClaim.getOrDefault(claimUid, List.of());
            }

            @Override
            public Collection<PersistentVolumeClaim> clonesOf(String namespace, String name) {
                return clones.getOrDefault(key(namespace, name), List.of());
            }
        };
    }
}
