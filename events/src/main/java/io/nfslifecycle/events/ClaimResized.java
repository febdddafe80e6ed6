package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

/** A bound claim of ours asks for more storage ({@code allowVolumeExpansion}). */
public record ClaimResized(
        String claimUid,
        String namespace,
        String claimName,
        String serverId,
        long requestedBytes) implements ClaimEvent {

    public ClaimResized {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.positiveBytes("requestedBytes", requestedBytes);
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RESIZED;
    }
}
