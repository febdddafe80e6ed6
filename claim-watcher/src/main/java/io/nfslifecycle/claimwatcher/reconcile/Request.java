package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Instant;

/**
 * The latest claim event this watcher published (or is publishing) for a claim.
 *
 * @param type     the CloudEvents type published
 * @param bytes    the size asked for; 0 for a release
 * @param at       when it was handed to Kafka
 * @param answered whether an export event came after it
 */
public record Request(String type, long bytes, Instant at, boolean answered) {

    public Request(String type, long bytes, Instant at) {
        this(type, bytes, at, false);
    }

    /** True while no answer came: the request is still open. */
    public boolean open() {
        return !answered;
    }

    Request withAnswer() {
        return new Request(type, bytes, at, true);
    }
}
