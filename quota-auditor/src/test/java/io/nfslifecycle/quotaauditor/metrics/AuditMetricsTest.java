package io.nfslifecycle.quotaauditor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.quotaauditor.findings.AuditReport;

class AuditMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AuditMetrics metrics = new AuditMetrics(registry);

    @Test
    void aClaimsSeriesStaysRegisteredAcrossRunsSoNoScrapeFindsItMissing() {
        metrics.report(report(claim("data", 100)));
        Gauge first = used("data");

        metrics.report(report(claim("data", 250), claim("logs", 7)));

        assertThat(used("data")).as("the same meter, never removed and registered again").isSameAs(first);
        assertThat(used("data").value()).isEqualTo(250);
        assertThat(used("logs").value()).isEqualTo(7);
    }

    @Test
    void aClaimThatIsGoneLeavesNoSeries() {
        metrics.report(report(claim("data", 100), claim("logs", 7)));

        metrics.report(report(claim("data", 100)));

        assertThat(registry.find("nfs.lifecycle.claim.used.bytes").tag("persistentvolumeclaim", "logs").gauge()).isNull();
        assertThat(registry.find("nfs.lifecycle.claim.requested.bytes").tag("persistentvolumeclaim", "logs").gauge()).isNull();
        assertThat(used("data").value()).isEqualTo(100);
    }

    private Gauge used(String claim) {
        return registry.get("nfs.lifecycle.claim.used.bytes").tag("persistentvolumeclaim", claim).gauge();
    }

    private static AuditReport.ClaimUsage claim(String name, long used) {
        return new AuditReport.ClaimUsage("uid-" + name, "shop", name, "shop/" + name, ExportPhase.READY, 1000, used,
                used, 1, 1, used / 1000.0, true, "nfs");
    }

    private static AuditReport report(AuditReport.ClaimUsage... claims) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new AuditReport("run", "nfs-1", now, now, 0, new AuditReport.Volume(1, 1, 1, 1, 1), List.of(claims),
                new AuditReport.Archives(0, 0, 0), List.of(), 0, 0);
    }
}
