package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

import java.util.List;
import java.util.Map;

/**
 * A Pending PVC of one of our StorageClasses needs an export.
 *
 * @param pathPattern the StorageClass {@code pathPattern}; empty for the default
 *                    {@code ${namespace}-${pvcName}-${pvName}}
 * @param labels      the PVC's labels, for {@code ${.PVC.labels.X}}
 * @param annotations the PVC's annotations, for {@code ${.PVC.annotations.X}}
 * @param reclaimPolicy the StorageClass's reclaim policy, which the PV gets: with {@code Retain} no release ever
 *                      touches the directory
 * @param adoptExisting the StorageClass lets a claim take a directory that exists already and is no other claim's
 *                      (parameter {@code adoptExisting}, for migrations)
 * @param adoptDirectory  a volume made by another provisioner is taken over: exactly this directory, relative to the
 *                        export root (what the existing PV's {@code spec.nfs.path} names), is recorded as the claim's
 *                        export without being made, moved or changed; empty for a claim that gets a new directory
 */
public record ClaimRequested(
        String claimUid,
        String namespace,
        String claimName,
        String volumeName,
        String storageClassName,
        String serverId,
        long requestedBytes,
        List<String> accessModes,
        OnDelete onDelete,
        String pathPattern,
        Map<String, String> labels,
        Map<String, String> annotations,
        @Default("Delete") ReclaimPolicy reclaimPolicy,
        @Default("false") boolean adoptExisting,
        @Default("") String adoptDirectory) implements ClaimEvent {

    public ClaimRequested {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.objectName("volumeName", volumeName);
        Fields.name("storageClassName", storageClassName, MAX_NAME);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.positiveBytes("requestedBytes", requestedBytes);
        accessModes = Fields.list("accessModes", accessModes);
        Fields.present("onDelete", onDelete);
        Fields.text("pathPattern", pathPattern);
        labels = Fields.map("labels", labels);
        annotations = Fields.map("annotations", annotations);
        Fields.present("reclaimPolicy", reclaimPolicy);
        Fields.text("adoptDirectory", adoptDirectory);
        if (adoptDirectory.length() > Fields.MAX_PATH) {
            throw new InvalidEventException("adoptDirectory", "is longer than " + Fields.MAX_PATH + " characters");
        }
    }

    /** A claim of a class that may or may not adopt an existing directory of its pattern. */
    public ClaimRequested(String claimUid, String namespace, String claimName, String volumeName,
            String storageClassName, String serverId, long requestedBytes, List<String> accessModes, OnDelete onDelete,
            String pathPattern, Map<String, String> labels, Map<String, String> annotations,
            ReclaimPolicy reclaimPolicy, boolean adoptExisting) {
        this(claimUid, namespace, claimName, volumeName, storageClassName, serverId, requestedBytes, accessModes,
                onDelete, pathPattern, labels, annotations, reclaimPolicy, adoptExisting, "");
    }

    /** A claim of a class with reclaim policy Delete that adopts nothing. */
    public ClaimRequested(String claimUid, String namespace, String claimName, String volumeName,
            String storageClassName, String serverId, long requestedBytes, List<String> accessModes, OnDelete onDelete,
            String pathPattern, Map<String, String> labels, Map<String, String> annotations) {
        this(claimUid, namespace, claimName, volumeName, storageClassName, serverId, requestedBytes, accessModes,
                onDelete, pathPattern, labels, annotations, ReclaimPolicy.DELETE, false, "");
    }

    /** A volume of another provisioner taken over in place (a migration), not a new directory. */
    public boolean migrates() {
        return !adoptDirectory.isEmpty();
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_REQUESTED;
    }
}
