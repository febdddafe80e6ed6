package io.nfslifecycle.claimwatcher.plan;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;

/**
 * What one reconcile observed, indexed once: our classes, our volumes (made or adopted), the claims by name and by
 * uid.
 */
final class Index {
    final Map<String, ProvisionerClass> classes = new HashMap<>();
    final Map<String, PersistentVolume> volumes = new HashMap<>();
    final Map<String, PersistentVolumeClaim> claimsByName = new HashMap<>();
    final Set<String> claimUids = new HashSet<>();

    Index(Observed observed, String provisioner) {
        this(observed, provisioner, Migration.none());
    }

    /** Our volumes are the ones we made and the ones a migration adopted. */
    Index(Observed observed, String provisioner, Migration migration) {
        for (StorageClass sc : observed.storageClasses()) {
            ProvisionerClass.of(sc, provisioner).ifPresent(c -> classes.put(c.name(), c));
        }
        for (PersistentVolume pv : observed.volumes()) {
            if (DesiredVolume.ours(pv, provisioner) || MigrationDecision.adopted(pv, migration, observed.exports())) {
                volumes.put(pv.getMetadata().getName(), pv);
            }
        }
        for (PersistentVolumeClaim pvc : observed.claims()) {
            claimsByName.put(key(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName()), pvc);
            claimUids.add(pvc.getMetadata().getUid());
        }
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    Optional<ProvisionerClass> classOf(PersistentVolumeClaim pvc) {
        return Optional.ofNullable(classes.get(pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName()));
    }

    PersistentVolume volumeOf(String claimUid) {
        return volumes.get(DesiredVolume.name(claimUid));
    }

    /** Our volumes, sorted by name: plans list their actions in a stable order. */
    List<PersistentVolume> sortedVolumes() {
        return volumes.values().stream().sorted(Comparator.comparing(pv -> pv.getMetadata().getName())).toList();
    }
}
