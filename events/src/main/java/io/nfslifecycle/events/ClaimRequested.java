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
 * @param sourceNamespace the namespace of the claim whose data the new claim is to start with (its
 *                        {@code dataSource} is a PersistentVolumeClaim: a clone); the claim's own namespace, as
 *                        Kubernetes requires; empty for a claim that starts empty
 * @param sourceClaimName the name of that claim; empty when not a clone
 * @param sourceClaimUid  the uid of that claim, whose export the export manager copies; empty when not a clone
 * @param archiveRetention how long the archive is kept once the claim is released and archived (the StorageClass
 *                        parameter {@code archiveRetention}, {@link Retention}); empty for the export manager's default
 * @param restoreFrom the id of an archive (the uid of the claim it was made from) whose data the new claim is to
 *                    start with, moved into its directory (the PVC's annotation {@code nfs-lifecycle.io/restore-from});
 *                    empty for a claim that starts empty or is a clone
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
        @Default("") String adoptDirectory,
        @Default("") String sourceNamespace,
        @Default("") String sourceClaimName,
        @Default("") String sourceClaimUid,
        @Default("") String archiveRetention,
        @Default("") String restoreFrom) implements ClaimEvent {

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
        Fields.text("sourceNamespace", sourceNamespace);
        Fields.text("sourceClaimName", sourceClaimName);
        Fields.text("sourceClaimUid", sourceClaimUid);
        Fields.text("archiveRetention", archiveRetention);
        try {
            Retention.parse(archiveRetention);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("archiveRetention", e.getMessage());
        }
        Fields.text("restoreFrom", restoreFrom);
        if (!restoreFrom.isEmpty()) {
            Fields.uid("restoreFrom", restoreFrom);
            if (restoreFrom.equals(claimUid)) {
                throw new InvalidEventException("restoreFrom", "is the claim itself");
            }
            if (!sourceClaimUid.isEmpty() || !adoptDirectory.isEmpty()) {
                throw new InvalidEventException("restoreFrom", "a clone or a migrated volume is not restored from an "
                        + "archive");
            }
        }
        if (!sourceClaimUid.isEmpty() || !sourceClaimName.isEmpty() || !sourceNamespace.isEmpty()) {
            Fields.uid("sourceClaimUid", sourceClaimUid);
            Fields.objectName("sourceClaimName", sourceClaimName);
            if (!sourceNamespace.equals(namespace)) {
                throw new InvalidEventException("sourceNamespace", "must be the claim's own namespace '" + namespace
                        + "' (a clone is made of a claim of the same namespace)");
            }
            if (sourceClaimUid.equals(claimUid)) {
                throw new InvalidEventException("sourceClaimUid", "is the claim itself");
            }
            if (!adoptDirectory.isEmpty()) {
                throw new InvalidEventException("sourceClaimUid", "a migrated volume (adoptDirectory) is not a clone");
            }
        }
    }

    /** A claim that adopts, or not, a volume of another provisioner, and is no clone. */
    public ClaimRequested(String claimUid, String namespace, String claimName, String volumeName,
            String storageClassName, String serverId, long requestedBytes, List<String> accessModes, OnDelete onDelete,
            String pathPattern, Map<String, String> labels, Map<String, String> annotations,
            ReclaimPolicy reclaimPolicy, boolean adoptExisting, String adoptDirectory) {
        this(claimUid, namespace, claimName, volumeName, storageClassName, serverId, requestedBytes, accessModes,
                onDelete, pathPattern, labels, annotations, reclaimPolicy, adoptExisting, adoptDirectory, "", "", "", "", "");
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

    /** This claim is to start with a copy of the data of another claim (sourceClaimUid) of its namespace. */
    public boolean clones() {
        return !sourceClaimUid.isEmpty();
    }

    /** The same claim, to start with a copy of the export of the claim {@code name} (uid {@code uid}) of its namespace. */
    public ClaimRequested cloning(String name, String uid) {
        return new ClaimRequested(claimUid, namespace, claimName, volumeName, storageClassName, serverId,
                requestedBytes, accessModes, onDelete, pathPattern, labels, annotations, reclaimPolicy, adoptExisting,
                adoptDirectory, namespace, name, uid, archiveRetention, restoreFrom);
    }

    /** The same claim, its archive kept for {@code retention} ({@link Retention}) once it is released. */
    public ClaimRequested retainingArchiveFor(String retention) {
        return new ClaimRequested(claimUid, namespace, claimName, volumeName, storageClassName, serverId,
                requestedBytes, accessModes, onDelete, pathPattern, labels, annotations, reclaimPolicy, adoptExisting,
                adoptDirectory, sourceNamespace, sourceClaimName, sourceClaimUid, retention, restoreFrom);
    }

    /** The same claim, to start with the data of the archive {@code archiveId} (the uid of its claim). */
    public ClaimRequested restoringFrom(String archiveId) {
        return new ClaimRequested(claimUid, namespace, claimName, volumeName, storageClassName, serverId,
                requestedBytes, accessModes, onDelete, pathPattern, labels, annotations, reclaimPolicy, adoptExisting,
                adoptDirectory, sourceNamespace, sourceClaimName, sourceClaimUid, archiveRetention, archiveId);
    }

    /** This claim is to start with the data of an archive. */
    public boolean restores() {
        return !restoreFrom.isEmpty();
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
