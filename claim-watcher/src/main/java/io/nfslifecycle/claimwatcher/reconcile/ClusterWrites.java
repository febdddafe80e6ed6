package io.nfslifecycle.claimwatcher.reconcile;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.plan.Notice;

/**
 * The watcher's only writes to the Kubernetes API. Each returns whether the cluster now holds what was asked; a
 * failure is logged and counted by the implementation and retried by the next reconcile.
 */
public interface ClusterWrites {

    /** What a create found. */
    enum Created { CREATED, ALREADY_THERE, FAILED }

    Created createVolume(PersistentVolume volume);

    boolean resizeVolume(String volumeName, long bytes);

    /** Sets an annotation of a PV; an empty value removes it. */
    boolean annotateVolume(String volumeName, String key, String value);

    /** Sets the claim's {@code status.capacity} (the status subresource, with the claim's resource version). */
    boolean claimCapacity(PersistentVolumeClaim claim, long bytes);

    boolean deleteVolume(String volumeName);

    boolean record(Notice notice);
}
