package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Optional;

import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportRecord;

/**
 * What the watcher knows of one claim's export from {@code nfs-lifecycle.exports}.
 *
 * @param last       the latest export event for the claim
 * @param failures   how many failures of the same operation came in a row (drives the backoff)
 * @param receivedAt when the latest event was read
 * @param sequence   a number that changes with every event read, so a failure is told to the user once
 */
public record ExportState(ExportEvent last, int failures, Instant receivedAt, long sequence) {

    public ExportRecord record() {
        return last.export();
    }

    public Optional<ExportFailed> failure() {
        return last instanceof ExportFailed failed ? Optional.of(failed) : Optional.empty();
    }

    public Optional<ExportFailed> failure(ExportFailed.Operation operation) {
        return failure().filter(f -> f.operation() == operation);
    }

    /** The state after the next event: failures of one operation count up, anything else starts over. */
    public static ExportState next(ExportState previous, ExportEvent event, Instant at, long sequence) {
        int failures = 0;
        if (event instanceof ExportFailed failed) {
            boolean sameAgain = previous != null && previous.failure(failed.operation()).isPresent();
            failures = sameAgain ? previous.failures() + 1 : 1;
        }
        return new ExportState(event, failures, at, sequence);
    }
}
