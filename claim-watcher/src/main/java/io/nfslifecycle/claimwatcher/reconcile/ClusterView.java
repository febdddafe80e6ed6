package io.nfslifecycle.claimwatcher.reconcile;

import java.util.Collection;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/** What the cluster holds, as the informers last saw it. */
public interface ClusterView {

    /** True once every informer has listed its resources at least once. */
    boolean synced();

    Collection<StorageClass> storageClasses();

    Collection<PersistentVolumeClaim> claims();

    Collection<PersistentVolume> volumes();
}
