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

        assertThat(servers.reported("nfs-1", T0, SILENCE)).as("first").isTrue();
        assertThat(servers.reported("nfs-1", T0.plusSeconds(30), SILENCE)).as("in time").isFalse();
        assertThat(servers.reported("nfs-1", T0.plus(Duration.ofMinutes(11)), SILENCE)).as("back after a silence")
                .isTrue();
        assertThat(servers.reported("nfs-2", T0, SILENCE)).as("another server").isTrue();
        assertThat(servers.lastReports()).containsEntry("nfs-1", T0.plus(Duration.ofMinutes(11)));
    }
}
