package io.nfslifecycle.quotaauditor.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.kit.metrics.Buckets;
import io.nfslifecycle.quotaauditor.findings.AuditReport;
import io.nfslifecycle.quotaauditor.findings.Finding;
import io.quarkus.runtime.Startup;

/**
 * The capacity dashboard's figures. The names are a contract with the dashboards and alerts: change them only
 * together. Per-claim gauges are replaced on every run, so a claim that is gone leaves no series behind.
 */
@Startup
@Singleton
public class AuditMetrics {
    private final MeterRegistry registry;
    private final MultiGauge claimUsed;
    private final MultiGauge claimRequested;
    private final Map<Tags, long[]> perClaim = new ConcurrentHashMap<>();
    private final AtomicLong archiveBytes = new AtomicLong();
    private final Map<FindingKind, AtomicInteger> findings = new EnumMap<>(FindingKind.class);
    private final LongAdder progress = new LongAdder();
    private final Timer scanDuration;
    private final Counter filesScanned;

    @Inject
    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        claimUsed = MultiGauge.builder("nfs.lifecycle.claim.used.bytes")
                .description("Allocated bytes (what du counts) of a claim's directory").register(registry);
        claimRequested = MultiGauge.builder("nfs.lifecycle.claim.requested.bytes")
                .description("Bytes a claim requested").register(registry);
        registry.gauge("nfs.lifecycle.audit.archive.bytes", archiveBytes);
        for (FindingKind kind : FindingKind.values()) {
            findings.put(kind, registry.gauge("nfs.lifecycle.audit.findings", Tags.of("kind", kind.name()),
                    new AtomicInteger()));
        }
        registry.gauge("nfs.lifecycle.audit.scan.progress.files", progress, LongAdder::doubleValue);
        scanDuration = Buckets.slo(Timer.builder("nfs.lifecycle.audit.scan.duration"))
                .description("How long one audit's scan of the export root took").register(registry);
        filesScanned = Counter.builder("nfs.lifecycle.audit.files.scanned")
                .description("Files the audits counted").register(registry);
    }

    /** The running scan's file count; reset at the start of each scan. */
    public LongAdder progress() {
        return progress;
    }

    public void scanned(Duration duration, long files) {
        scanDuration.record(duration);
        filesScanned.increment(files);
    }

    public void report(AuditReport report) {
        archiveBytes.set(report.archives().bytes());
        Map<Tags, long[]> now = new HashMap<>();
        for (AuditReport.ClaimUsage c : report.claims()) {
            // the labels kube-state-metrics uses, so that these series join its kube_persistentvolumeclaim_*
            now.put(Tags.of("namespace", c.namespace(), "persistentvolumeclaim", c.name(), "storageclass",
                    c.storageClassName()),
                    new long[] {c.usedBytes(), c.requestedBytes()});
        }
        // a series that stays keeps its meter (its holder takes the new value), so a scrape never sees it missing
        perClaim.keySet().retainAll(now.keySet());
        now.forEach((tags, figures) -> {
            long[] holder = perClaim.computeIfAbsent(tags, t -> new long[2]);
            holder[0] = figures[0];
            holder[1] = figures[1];
        });
        List<MultiGauge.Row<?>> used = new ArrayList<>();
        List<MultiGauge.Row<?>> requested = new ArrayList<>();
        perClaim.forEach((tags, holder) -> {
            used.add(MultiGauge.Row.of(tags, holder, h -> h[0]));
            requested.add(MultiGauge.Row.of(tags, holder, h -> h[1]));
        });
        claimUsed.register(used, false);
        claimRequested.register(requested, false);
        Map<FindingKind, Integer> counts = new EnumMap<>(FindingKind.class);
        for (Finding f : report.findings()) {
            counts.merge(f.kind(), 1, Integer::sum);
        }
        findings.forEach((kind, gauge) -> gauge.set(counts.getOrDefault(kind, 0)));
    }
}
