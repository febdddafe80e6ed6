package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;
import static io.nfslifecycle.events.Fields.MAX_NAMESPACE;
import static io.nfslifecycle.events.Fields.MAX_UID;

/** A bound claim of ours asks for more storage ({@code allowVolumeExpansion}). */
public record ClaimResized(
        String claimUid,
        String namespace,
        String claimName,
        String serverId,
        long requestedBytes) implements ClaimEvent {

    public ClaimResized {
        Fields.name("claimUid", claimUid, MAX_UID);
        Fields.name("namespace", namespace, MAX_NAMESPACE);
        Fields.name("claimName", claimName, MAX_NAME);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.positiveBytes("requestedBytes", requestedBytes);
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RESIZED;
    }
}
