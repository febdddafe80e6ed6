package io.nfslifecycle.claimwatcher.reconcile;

import io.fabric8.kubernetes.api.model.PersistentVolume;

/**
 * The watcher's only writes to the Kubernetes API. Each returns whether the cluster now holds what was asked; a
 * failure is logged and counted by the implementation and retried by the next reconcile.
 */
public interface ClusterWrites {

    /** What a create found. */
    enum Created { CREATED, ALREADY_THERE, FAILED }

    Created createVolume(PersistentVolume volume);

    boolean resizeVolume(String volumeName, long bytes);

    boolean deleteVolume(String volumeName);

    boolean record(Notice notice);
}
