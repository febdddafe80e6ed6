package io.nfslifecycle.claimwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A claim whose action failed is looked at again after a second, then two, four..., never later than the resync. */
class WakeUpsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final WakeUps wakeUps = new WakeUps(executor, () -> { }, Duration.ofSeconds(30));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private List<String> due(Instant at) {
        List<String> due = new ArrayList<>();
        wakeUps.take(at, due::add);
        return due;
    }

    @Test
    void theBackoffAfterAFailureDoublesWhileItKeepsFailingUpToTheResyncInterval() {
        wakeUps.failed("u-1", T0);
        assertThat(due(T0.plusMillis(999))).isEmpty();
        assertThat(due(T0.plusSeconds(1))).containsExactly("u-1");

        wakeUps.failed("u-1", T0.plusSeconds(1));
        assertThat(due(T0.plusMillis(2999))).isEmpty();
        assertThat(due(T0.plusSeconds(3))).containsExactly("u-1");

        Instant at = T0.plusSeconds(3);
        for (int i = 0; i < 10; i++) {
            wakeUps.failed("u-1", at);
            at = at.plusSeconds(30); // failing again each time it is looked at
            due(at);
        }
        wakeUps.failed("u-1", at);
        assertThat(due(at.plusSeconds(29))).isEmpty();
        assertThat(due(at.plusSeconds(30))).as("never later than the resync").containsExactly("u-1");
    }

    @Test
    void aClaimThatFailsAgainLongAfterStartsOverAtOneSecond() {
        wakeUps.failed("u-1", T0);
        wakeUps.failed("u-1", T0.plusSeconds(1));
        due(T0.plusSeconds(3));
        Instant muchLater = T0.plus(Duration.ofHours(1));

        wakeUps.failed("u-1", muchLater);

        assertThat(due(muchLater.plusSeconds(1))).containsExactly("u-1");
    }
    @Test
    void aClaimWhosePlanWasCarriedOutStartsOverAtOneSecondWhenItFailsAgain() {
        wakeUps.failed("u-1", T0);
        wakeUps.failed("u-1", T0.plusSeconds(1));
        due(T0.plusSeconds(3));

        wakeUps.succeeded("u-1");
        wakeUps.failed("u-1", T0.plusSeconds(4));

        assertThat(due(T0.plusSeconds(5))).containsExactly("u-1");
    }
}
