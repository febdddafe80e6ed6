package io.nfslifecycle.exportmanager;

import java.util.List;
import java.util.Map;

import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.OnDelete;

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

    public static ClaimReleased released(ClaimRequested claim) {
        return new ClaimReleased(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                claim.serverId());
    }

    public static ClaimResized resized(ClaimRequested claim, long bytes) {
        return new ClaimResized(claim.claimUid(), claim.namespace(), claim.claimName(), claim.serverId(), bytes);
    }
}
