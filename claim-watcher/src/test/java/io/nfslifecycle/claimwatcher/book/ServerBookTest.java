package io.nfslifecycle.claimwatcher.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A server's report asks for a reconcile when it is the first, or the first after a silence. */
class ServerBookTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration SILENCE = Duration.ofMinutes(10);

    @Test
    void theFirstReportAndTheFirstAfterASilenceAskForAReconcileTheOthersDoNot() {
        ServerBook servers = new ServerBook();

        assertThat(servers.reported("nfs-1", T0, SILENCE, T0)).as("first").isTrue();
        assertThat(servers.reported("nfs-1", T0.plusSeconds(30), SILENCE, T0.plusSeconds(30))).as("in time")
                .isFalse();
        Instant back = T0.plus(Duration.ofMinutes(11));
        assertThat(servers.reported("nfs-1", back, SILENCE, back)).as("back after a silence").isTrue();
        assertThat(servers.reported("nfs-2", T0, SILENCE, back)).as("another server").isTrue();
        assertThat(servers.lastReports()).containsEntry("nfs-1", back);
    }

    @Test
    void aReportReadLateEndsASilenceTooAndAnOlderOneNeverGoesBackInTime() {
        ServerBook servers = new ServerBook();
        servers.reported("nfs-1", T0, SILENCE, T0);
        Instant late = T0.plus(Duration.ofMinutes(20)); // the watcher read the topic behind, for 20 minutes

        assertThat(servers.reported("nfs-1", T0.plusSeconds(30), SILENCE, late)).isTrue();
        servers.reported("nfs-1", T0.plusSeconds(10), SILENCE, late);
        assertThat(servers.lastReports()).containsEntry("nfs-1", T0.plusSeconds(30));
    }
}
