package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Optional;

import io.nfslifecycle.events.ClaimEvent;

/**
 * The latest claim event this watcher published (or is publishing) for a claim.
 *
 * @param type     the CloudEvents type published
 * @param bytes    the size asked for; 0 for a release
 * @param at       when it was handed to Kafka
 * @param answered whether an export event came after it
 * @param event    what was asked, to tell whether the claim changed since a refusal; empty when not known
 */
public record Request(String type, long bytes, Instant at, boolean answered, Optional<ClaimEvent> event) {

    public Request(String type, long bytes, Instant at) {
        this(type, bytes, at, false, Optional.empty());
    }

    public Request(String type, long bytes, Instant at, boolean answered) {
        this(type, bytes, at, answered, Optional.empty());
    }

    public Request(String type, long bytes, Instant at, ClaimEvent event) {
        this(type, bytes, at, false, Optional.of(event));
    }

    /** True while no answer came: the request is still open. */
    public boolean open() {
        return !answered;
    }

    public Request withAnswer() {
        return new Request(type, bytes, at, true, event);
    }
}
