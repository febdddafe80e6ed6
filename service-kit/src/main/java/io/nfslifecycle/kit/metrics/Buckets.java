package io.nfslifecycle.kit.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Timer;

/**
 * The histogram buckets of every timer of the three services: shaped for service-level objectives from 10 ms to
 * 10 min (a claim's latency includes backoffs of minutes), the same on every timer so that dashboards and alerts
 * can use one set of {@code le} values.
 */
public final class Buckets {
    private static final Duration[] SLO = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private Buckets() {
    }

    /** The timer with the SLO buckets. */
    public static Timer.Builder slo(Timer.Builder timer) {
        return timer.serviceLevelObjectives(SLO).minimumExpectedValue(SLO[0])
                .maximumExpectedValue(SLO[SLO.length - 1]);
    }
}
