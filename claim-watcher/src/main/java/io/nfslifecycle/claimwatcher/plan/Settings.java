package io.nfslifecycle.claimwatcher.plan;

import java.time.Duration;

/**
 * What a reconcile needs from the configuration.
 *
 * @param serverSilence a server whose export manager has not reported for this long gets no new claims: they wait
 *                      with a Warning that says so
 * @param migration     which volumes of another provisioner are taken over
 */
public record Settings(String provisioner, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff,
        Duration serverSilence, Migration migration) {

    public Settings(String provisioner, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff,
            Duration serverSilence) {
        this(provisioner, requestTimeout, initialBackoff, maxBackoff, serverSilence, Migration.none());
    }

    public Settings(String provisioner, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff) {
        this(provisioner, requestTimeout, initialBackoff, maxBackoff, Duration.ofMinutes(10));
    }

    /** initial, 2×initial, 4×initial, ... up to max, after the given number of failures in a row. */
    public Duration backoff(int failures) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
