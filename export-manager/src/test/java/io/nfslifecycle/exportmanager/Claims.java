package io.nfslifecycle.exportmanager;

import java.util.List;
import java.util.Map;

import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;

/** Claim events as the claim watcher would publish them, for tests. */
public final class Claims {
    public static final long GIB = 1L << 30;

    private Claims() {
    }

    public static ClaimRequested requested(String uid, String namespace, String name, long bytes, OnDelete onDelete) {
        return requested(uid, namespace, name, bytes, onDelete, "", Map.of(), Map.of(), "nfs-1");
    }

    public static ClaimRequested requested(String uid, String namespace, String name, long bytes, OnDelete onDelete,
            String pathPattern, Map<String, String> labels, Map<String, String> annotations, String server) {
        return new ClaimRequested(uid, namespace, name, "pvc-" + uid, "nfs", server, bytes,
                List.of("ReadWriteMany"), onDelete, pathPattern, labels, annotations);
    }

    /** The same claim, of a class that adopts existing directories ({@code adoptExisting: "true"}). */
    public static ClaimRequested adopting(ClaimRequested claim) {
        return new ClaimRequested(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                claim.storageClassName(), claim.serverId(), claim.requestedBytes(), claim.accessModes(),
                claim.onDelete(), claim.pathPattern(), claim.labels(), claim.annotations(), claim.reclaimPolicy(), true);
    }

    /** The same claim, of a class whose PVs have reclaim policy Retain. */
    public static ClaimRequested retaining(ClaimRequested claim) {
        return new ClaimRequested(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                claim.storageClassName(), claim.serverId(), claim.requestedBytes(), claim.accessModes(),
                claim.onDelete(), claim.pathPattern(), claim.labels(), claim.annotations(), ReclaimPolicy.RETAIN,
                claim.adoptExisting());
    }

    /** The release the watcher sends when a retained PV of the claim was deleted. */
    public static ClaimReleased retainedVolumeDeleted(ClaimRequested claim) {
        return new ClaimReleased(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                claim.serverId(), ReclaimPolicy.RETAIN);
    }

    public static ClaimReleased released(ClaimRequested claim) {
        return new ClaimReleased(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                claim.serverId());
    }

    public static ClaimResized resized(ClaimRequested claim, long bytes) {
        return new ClaimResized(claim.claimUid(), claim.namespace(), claim.claimName(), claim.serverId(), bytes,
                claim.volumeName());
    }
}
