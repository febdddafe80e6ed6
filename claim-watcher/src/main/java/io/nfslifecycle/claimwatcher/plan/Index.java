package io.nfslifecycle.claimwatcher.plan;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;

/**
 * What one plan asks of what was observed: our classes (read once: there are few), and, through the cluster's own
 * lookups, a claim by name or uid and our volumes (made by us, or adopted by a migration).
 */
final class Index {
    final Map<String, ProvisionerClass> classes = new HashMap<>();
    private final Observed observed;
    private final String provisioner;
    private final Migration migration;

    Index(Observed observed, String provisioner) {
        this(observed, provisioner, Migration.none());
    }

    Index(Observed observed, String provisioner, Migration migration) {
        this.observed = observed;
        this.provisioner = provisioner;
        this.migration = migration;
        for (StorageClass sc : observed.storageClasses()) {
            ProvisionerClass.of(sc, provisioner).ifPresent(c -> classes.put(c.name(), c));
        }
    }

    /** Ours: made by us, or adopted from another provisioner. */
    boolean ours(PersistentVolume pv) {
        return DesiredVolume.ours(pv, provisioner) || MigrationDecision.adopted(pv, migration, observed.exports());
    }

    Optional<ProvisionerClass> classOf(PersistentVolumeClaim pvc) {
        return Optional.ofNullable(classes.get(pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName()));
    }

    /** Our PV for the claim, by the name we give it; null when there is none. */
    PersistentVolume volumeOf(String claimUid) {
        return observed.cluster().volume(DesiredVolume.name(claimUid)).filter(this::ours).orElse(null);
    }

    /** The claim of that namespace and name; null when there is none. */
    PersistentVolumeClaim claim(String namespace, String name) {
        return observed.cluster().claim(namespace, name).orElse(null);
    }

    boolean hasClaim(String uid) {
        return observed.cluster().claimWithUid(uid).isPresent();
    }

    boolean hasVolume(String name) {
        return observed.cluster().volume(name).filter(this::ours).isPresent();
    }

    /** Our volumes, sorted by name: plans list their actions in a stable order. */
    List<PersistentVolume> sortedVolumes() {
        return observed.volumes().stream().filter(this::ours)
                .sorted(Comparator.comparing(pv -> pv.getMetadata().getName())).toList();
    }
}
