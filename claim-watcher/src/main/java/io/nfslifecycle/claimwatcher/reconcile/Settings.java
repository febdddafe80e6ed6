package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Duration;

/** What a reconcile needs from the configuration. */
public record Settings(String provisioner, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff) {

    /** initial, 2×initial, 4×initial, ... up to max, after the given number of failures in a row. */
    public Duration backoff(int failures) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
