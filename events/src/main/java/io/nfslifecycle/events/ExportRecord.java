package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;
import static io.nfslifecycle.events.Fields.MAX_PATH;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of one export, as the export manager holds it durably and publishes it on
 * {@link Topics#EXPORTS} (state, not a delta: the compacted topic read from the start is the current state).
 *
 * @param claimUid       the PVC's uid; the Kafka key
 * @param namespace      the PVC's namespace
 * @param claimName      the PVC's name
 * @param volumeName     the PV name ({@code pvc-<uid>})
 * @param serverId       the NFS server (StorageClass parameter {@code server}) that holds the export
 * @param nfsHost        the host name or address clients mount from
 * @param path           the absolute path of the claim directory as clients mount it
 * @param requestedBytes the storage the claim requested
 * @param accessModes    the PVC's access modes
 * @param onDelete       what happens to the directory on release
 * @param phase          where the export is in its lifecycle
 * @param reason         why it is in that phase; empty when there is nothing to say
 * @param created        when the export manager first saw the claim
 * @param updated        when the record last changed
 * @param storageClassName the claim's StorageClass; empty in records made before it was kept
 * @param directory      the claim directory relative to the export root; empty while none was chosen
 * @param reclaimPolicy  the PV's reclaim policy: Retain means no release ever touches the directory
 * @param projectId      the filesystem project that accounts the directory's blocks and holds its hard limit (equal
 *                       to {@code requestedBytes} while the export is READY); 0 where quotas are not enforced, for an
 *                       adopted directory, and in records made before quotas
 */
public record ExportRecord(
        String claimUid,
        String namespace,
        String claimName,
        String volumeName,
        String serverId,
        String nfsHost,
        String path,
        long requestedBytes,
        List<String> accessModes,
        OnDelete onDelete,
        ExportPhase phase,
        String reason,
        Instant created,
        Instant updated,
        @Default("") String storageClassName,
        @Default("") String directory,
        @Default("Delete") ReclaimPolicy reclaimPolicy,
        @Default("0") long projectId) {

    public ExportRecord {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.objectName("volumeName", volumeName);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.present("nfsHost", nfsHost);
        Fields.present("path", path);
        if (path.length() > MAX_PATH) {
            throw new InvalidEventException("path", "is longer than " + MAX_PATH + " characters");
        }
        Fields.bytes("requestedBytes", requestedBytes);
        accessModes = Fields.list("accessModes", accessModes);
        Fields.present("onDelete", onDelete);
        Fields.present("phase", phase);
        Fields.text("reason", reason);
        Fields.present("created", created);
        Fields.present("updated", updated);
        Fields.present("storageClassName", storageClassName);
        Fields.present("directory", directory);
        if (directory.length() > MAX_PATH) {
            throw new InvalidEventException("directory", "is longer than " + MAX_PATH + " characters");
        }
        Fields.present("reclaimPolicy", reclaimPolicy);
        if (projectId < 0 || projectId > MAX_PROJECT_ID) {
            throw new InvalidEventException("projectId", "must be between 0 and " + MAX_PROJECT_ID + ", was " + projectId);
        }
    }

    /** Project ids are 32-bit on XFS and ext4; the highest is kept back as the kernel's "none". */
    public static final long MAX_PROJECT_ID = 0xFFFF_FFFEL;

    /** A record without a project. */
    public ExportRecord(String claimUid, String namespace, String claimName, String volumeName, String serverId,
            String nfsHost, String path, long requestedBytes, List<String> accessModes, OnDelete onDelete,
            ExportPhase phase, String reason, Instant created, Instant updated, String storageClassName,
            String directory, ReclaimPolicy reclaimPolicy) {
        this(claimUid, namespace, claimName, volumeName, serverId, nfsHost, path, requestedBytes, accessModes,
                onDelete, phase, reason, created, updated, storageClassName, directory, reclaimPolicy, 0);
    }

    /** A record without StorageClass or directory, of a PV with reclaim policy Delete. */
    public ExportRecord(String claimUid, String namespace, String claimName, String volumeName, String serverId,
            String nfsHost, String path, long requestedBytes, List<String> accessModes, OnDelete onDelete,
            ExportPhase phase, String reason, Instant created, Instant updated) {
        this(claimUid, namespace, claimName, volumeName, serverId, nfsHost, path, requestedBytes, accessModes,
                onDelete, phase, reason, created, updated, "", "", ReclaimPolicy.DELETE, 0);
    }

    /** The same claim, volume and names as {@code other}: the identity a uid alone does not prove. */
    public boolean sameClaimAs(String otherNamespace, String otherClaimName, String otherVolumeName) {
        return namespace.equals(otherNamespace) && claimName.equals(otherClaimName)
                && (otherVolumeName.isEmpty() || volumeName.equals(otherVolumeName));
    }

    /** {@code namespace/name}, the CloudEvents subject. */
    public String subject() {
        return namespace + "/" + claimName;
    }

    public ExportRecord withPhase(ExportPhase newPhase, String newReason, Instant at) {
        return new ExportRecord(claimUid, namespace, claimName, volumeName, serverId, nfsHost, path,
                requestedBytes, accessModes, onDelete, newPhase, newReason, created, at, storageClassName, directory,
                reclaimPolicy, projectId);
    }

    public ExportRecord withRequestedBytes(long bytes, Instant at) {
        return new ExportRecord(claimUid, namespace, claimName, volumeName, serverId, nfsHost, path,
                bytes, accessModes, onDelete, phase, reason, created, at, storageClassName, directory, reclaimPolicy,
                projectId);
    }

    /** The same export, accounted to {@code id} (0: to no project). */
    public ExportRecord withProjectId(long id) {
        return new ExportRecord(claimUid, namespace, claimName, volumeName, serverId, nfsHost, path,
                requestedBytes, accessModes, onDelete, phase, reason, created, updated, storageClassName, directory,
                reclaimPolicy, id);
    }
}
