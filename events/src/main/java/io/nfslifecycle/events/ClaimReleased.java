package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;
import static io.nfslifecycle.events.Fields.MAX_NAMESPACE;
import static io.nfslifecycle.events.Fields.MAX_UID;

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
        Fields.name("claimUid", claimUid, MAX_UID);
        Fields.name("namespace", namespace, MAX_NAMESPACE);
        Fields.name("claimName", claimName, MAX_NAME);
        Fields.name("volumeName", volumeName, MAX_NAME);
        Fields.name("serverId", serverId, MAX_NAME);
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RELEASED;
    }
}
