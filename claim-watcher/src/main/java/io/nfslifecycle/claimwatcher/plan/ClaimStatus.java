package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Optional;

/**
 * One claim of our classes as the watcher sees it.
 *
 * @param volumeName  the PV, empty while there is none
 * @param lastEvent   the CloudEvents type last published or read for the claim, empty when none
 * @param lastEventAt when; {@link Instant#EPOCH} when none
 * @param lastError   what went wrong last and what to do, empty when nothing did
 */
public record ClaimStatus(
        String namespace,
        String name,
        String uid,
        String storageClassName,
        String serverId,
        long requestedBytes,
        ClaimPhase phase,
        String volumeName,
        String lastEvent,
        Instant lastEventAt,
        String lastError) {

    public Optional<Instant> lastEventTime() {
        return lastEvent.isEmpty() ? Optional.empty() : Optional.of(lastEventAt);
    }
}
