package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

/**
 * A claim of ours is gone. With {@code reclaimPolicy} Delete (its PV lost its claim, or the claim was deleted before
 * its PV was made) the export manager reclaims the directory per the export's {@code onDelete}; with Retain (a
 * retained PV was deleted) it keeps the directory as it is and records the export RETAINED. The uid, names and volume
 * must match the record that made the directory.
 */
public record ClaimReleased(
        String claimUid,
        String namespace,
        String claimName,
        String volumeName,
        String serverId,
        @Default("Delete") ReclaimPolicy reclaimPolicy) implements ClaimEvent {

    public ClaimReleased {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.objectName("volumeName", volumeName);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.present("reclaimPolicy", reclaimPolicy);
    }

    /** The release of a claim whose PV had reclaim policy Delete. */
    public ClaimReleased(String claimUid, String namespace, String claimName, String volumeName, String serverId) {
        this(claimUid, namespace, claimName, volumeName, serverId, ReclaimPolicy.DELETE);
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RELEASED;
    }
}
