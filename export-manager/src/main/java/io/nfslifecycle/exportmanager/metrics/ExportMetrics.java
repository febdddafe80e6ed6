package io.nfslifecycle.exportmanager.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.StoredExport;
import io.nfslifecycle.kit.metrics.Buckets;
import io.quarkus.runtime.StartupEvent;

/**
 * The export manager's meters, by the names the dashboards and alert rules use: exports by phase (one series per
 * phase, 0 when none), claim events by type and outcome, refused records by field, and the claim event duration
 * (claim event received to result acknowledged by the broker).
 */
@ApplicationScoped
public class ExportMetrics {
    private final MeterRegistry registry;
    private final ExportManagerConfig config;
    private final ExportLifecycle lifecycle;
    /** The meters of every claim event, looked up once per type (and outcome) instead of built each time. */
    private final Map<String, Map<String, Counter>> claimEvents = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    public ExportMetrics(MeterRegistry registry, ExportManagerConfig config, ExportLifecycle lifecycle) {
        this.registry = registry;
        this.config = config;
        this.lifecycle = lifecycle;
    }

    void register(@Observes StartupEvent start) {
        for (ExportPhase phase : ExportPhase.values()) {
            Gauge.builder("nfs.lifecycle.exports", lifecycle, l -> l.store().countByPhase().get(phase))
                    .tag("server", config.serverId()).tag("phase", phase.name())
                    .description("exports by phase").register(registry);
        }
        Gauge.builder("nfs.lifecycle.exports.missing.directories", lifecycle, l -> l.missingDirectories().size())
                .tag("server", config.serverId())
                .description("READY exports whose directory is gone; restore them or delete the claims")
                .register(registry);
        // 1 when every claim directory is held to its request by a project quota; the reason as a short token
        Gauge.builder("nfs.lifecycle.quota.enforced", lifecycle, l -> l.quotas().enforced() ? 1 : 0)
                .tag("server", config.serverId()).tag("reason", lifecycle.quotas().status().code())
                .description("whether project quotas hold each claim to its request (reason: enforced, off, "
                        + "filesystem, mount-option, accounting-only, kernel; the capacity report says more)")
                .register(registry);
        FunctionCounter.builder("nfs.lifecycle.quota.limits.restored", lifecycle, l -> l.quotaLimitsPutBack())
                .tag("server", config.serverId())
                .description("project limits found changed by hand (at start or on a sweep) and put back to the "
                        + "claim's request; the log names the claim and both figures")
                .register(registry);
        FunctionCounter.builder("nfs.lifecycle.clone.copied.bytes", lifecycle, l -> l.cloneBytesCopied())
                .tag("server", config.serverId()).baseUnit("bytes")
                .description("bytes copied into clones (claims whose dataSource is another claim), copies under "
                        + "way included; its rate is the copy's speed")
                .register(registry);
        Gauge.builder("nfs.lifecycle.clones.copying", lifecycle, l -> l.clonesCopying())
                .tag("server", config.serverId()).description("clones whose copy runs now").register(registry);
        Gauge.builder("nfs.lifecycle.clone.remaining.bytes", lifecycle, l -> l.cloneBytesRemaining())
                .tag("server", config.serverId()).baseUnit("bytes")
                .description("bytes the clones under way have still to copy (their sources' size when they started)")
                .register(registry);
        FunctionCounter.builder("nfs.lifecycle.clone.shared.bytes", lifecycle, l -> l.cloneBytesShared())
                .tag("server", config.serverId()).baseUnit("bytes")
                .description("bytes of clones made as reflinks: sharing the source's blocks until either is "
                        + "written, so they took no space and no copy time")
                .register(registry);
        registerArchives();
    }

    private void registerArchives() {
        for (String state : java.util.List.of("kept", "purging", "restoring")) {
            Gauge.builder("nfs.lifecycle.archives", lifecycle, l -> archives(l).filter(i -> i.state().equals(state))
                    .count()).tag("server", config.serverId()).tag("state", state)
                    .description("archives in the recycle bin by state: kept, being purged, being restored")
                    .register(registry);
        }
        Gauge.builder("nfs.lifecycle.archive.bytes", lifecycle, l -> archives(l).filter(ArchiveInfo::kept)
                .mapToLong(i -> Math.max(0, i.bytes())).sum()).tag("server", config.serverId()).baseUnit("bytes")
                .description("bytes the kept archives hold (those measured: each is measured within a sweep)")
                .register(registry);
        Gauge.builder("nfs.lifecycle.archive.oldest.age", lifecycle, l -> archives(l).filter(ArchiveInfo::kept)
                .map(ArchiveInfo::archivedAt).min(Instant::compareTo)
                .map(at -> Math.max(0, Duration.between(at, Instant.now()).toSeconds())).orElse(0L))
                .tag("server", config.serverId()).baseUnit("seconds")
                .description("age of the oldest kept archive; 0 when the bin is empty").register(registry);
        Gauge.builder("nfs.lifecycle.archives.expired", lifecycle, l -> archives(l).filter(i -> i.kept()
                && i.expiresAt() != null && !i.expiresAt().isAfter(Instant.now())).count())
                .tag("server", config.serverId())
                .description("kept archives past their expiry, waiting for a sweep to purge them").register(registry);
        for (String reason : java.util.List.of(ExportPurged.EXPIRED, ExportPurged.OPERATOR, ExportPurged.PRESSURE)) {
            FunctionCounter.builder("nfs.lifecycle.archive.purges", lifecycle,
                    l -> l.archives().purgesByReason().getOrDefault(reason, 0L)).tag("server", config.serverId())
                    .tag("reason", reason).description("archives purged since start, by reason").register(registry);
        }
    }

    private static java.util.stream.Stream<ArchiveInfo> archives(ExportLifecycle lifecycle) {
        return lifecycle.archives().all().stream().map(StoredExport::archive);
    }

    /** One claim event handled, or refused, or skipped. */
    public void claimEvent(String type, String outcome) {
        claimEvents.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(outcome,
                o -> Counter.builder("nfs.lifecycle.claim.events").tag("type", type).tag("outcome", o)
                        .description("claim events by type and outcome").register(registry)).increment();
    }

    /** A record refused to the dead-letter topic, by the offending field. */
    public void refused(String field) {
        Counter.builder("nfs.lifecycle.events.refused").tag("field", field)
                .description("records sent to the dead-letter topic, by offending field").register(registry)
                .increment();
    }

    /** From claim event received to its result acknowledged by the broker. */
    public Timer claimEventDuration(String type) {
        return durations.computeIfAbsent(type, t -> Buckets.slo(Timer.builder("nfs.lifecycle.claim.event.duration")
                .tag("type", t)).description("from a claim event received to its result published").register(registry));
    }
}
