package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

/**
 * A bound claim of ours asks for another size ({@code allowVolumeExpansion}).
 *
 * @param volumeName the claim's PV, checked against the export's like its uid and names; empty from an older producer
 */
public record ClaimResized(
        String claimUid,
        String namespace,
        String claimName,
        String serverId,
        long requestedBytes,
        @Default("") String volumeName) implements ClaimEvent {

    public ClaimResized {
        Fields.uid("claimUid", claimUid);
        Fields.namespace("namespace", namespace);
        Fields.objectName("claimName", claimName);
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.positiveBytes("requestedBytes", requestedBytes);
        Fields.present("volumeName", volumeName);
        if (!volumeName.isEmpty()) {
            Fields.objectName("volumeName", volumeName);
        }
    }

    /** A resize that names no PV (as older producers sent it). */
    public ClaimResized(String claimUid, String namespace, String claimName, String serverId, long requestedBytes) {
        this(claimUid, namespace, claimName, serverId, requestedBytes, "");
    }

    @Override
    public String type() {
        return EventTypes.CLAIM_RESIZED;
    }
}
