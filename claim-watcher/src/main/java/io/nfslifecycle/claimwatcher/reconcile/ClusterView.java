package io.nfslifecycle.claimwatcher.reconcile;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.plan.Cluster;

/**
 * What the cluster holds, as the informers last saw it. The lookups default to looking at everything; the informers'
 * view answers them from its indexes.
 */
public interface ClusterView extends Cluster {

    /** True once every informer has listed its resources at least once. */
    boolean synced();

    @Override
    default Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return claims().stream().filter(c -> Objects.equals(c.getMetadata().getNamespace(), namespace)
                && Objects.equals(c.getMetadata().getName(), name)).findFirst();
    }

    @Override
    default Optional<PersistentVolumeClaim> claimWithUid(String uid) {
        return claims().stream().filter(c -> Objects.equals(c.getMetadata().getUid(), uid)).findFirst();
    }

    @Override
    default Optional<PersistentVolume> volume(String name) {
        return volumes().stream().filter(v -> Objects.equals(v.getMetadata().getName(), name)).findFirst();
    }

    @Override
    default Collection<PersistentVolume> volumesOf(String claimUid) {
        return volumes().stream().filter(v -> Cluster.claimUidOf(v).filter(claimUid::equals).isPresent()).toList();
    }

    @Override
    default Collection<PersistentVolumeClaim> clonesOf(String namespace, String name) {
        String key = Cluster.key(namespace, name);
        return claims().stream().filter(c -> Cluster.dataSourceOf(c).filter(key::equals).isPresent()).toList();
    }
}
