package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

/**
 * A PV we provisioned lost its claim and its reclaim policy is Delete: the export manager reclaims the
 * directory per the export's {@code onDelete}. The uid must match the record that made the directory.
 */
public record ClaimReleased(
        String claimUid,
        String namespace,
        String claimName,
        String volumeName,
        String serverId) implements ClaimEvent {

    public ClaimReleased {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.objectName("volumeName", volumeName);
        Fields.name("serverId", serverId, MAX_NAME);
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RELEASED;
    }
}
