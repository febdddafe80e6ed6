package io.nfslifecycle.exportmanager.reporting;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.admission.VolumeFigures;
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.kit.threads.Daemons;
import io.quarkus.scheduler.Scheduled;

/**
 * The export root's capacity: {@code capacity.reported} on every change and on an interval, and the volume gauges
 * ({@code statvfs} read at each scrape, provisioned = the sum of live requests).
 */
@ApplicationScoped
public class CapacityReporter {
    private static final Logger LOG = Logger.getLogger(CapacityReporter.class);

    private final ExportManagerConfig config;
    private final ContractPublisher publisher;
    private final ExportLifecycle lifecycle;
    private final MeterRegistry registry;
    private VolumeStats volume;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean failing;
    /** At most one report this often in a burst of changes; the last change is always in the next report. */
    private static final long SPACING_MILLIS = 250;
    private volatile long lastSent;
    private final java.util.concurrent.ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Daemons.named("capacity-reporter"));

    @Inject
    public CapacityReporter(ExportManagerConfig config, ContractPublisher publisher, ExportLifecycle lifecycle,
            MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.lifecycle = lifecycle;
        this.registry = registry;
    }

    @PostConstruct
    void registerGauges() {
        volume = new VolumeStats(lifecycle.rootPath());
        String server = config.serverId();
        Gauge.builder("nfs.lifecycle.volume.capacity.bytes", this, r -> r.figure(VolumeFigures::totalBytes))
                .tag("server", server).baseUnit("bytes").description("size of the export root's filesystem")
                .register(registry);
        Gauge.builder("nfs.lifecycle.volume.used.bytes", this, r -> r.figure(VolumeFigures::usedBytes))
                .tag("server", server).description("bytes used on the export root's filesystem").register(registry);
        Gauge.builder("nfs.lifecycle.volume.free.bytes", this, r -> r.figure(VolumeFigures::freeBytes))
                .tag("server", server).description("bytes an unprivileged writer can still use").register(registry);
        Gauge.builder("nfs.lifecycle.volume.provisioned.bytes", lifecycle, l -> l.store().provisionedBytes())
                .tag("server", server).description("sum of the live exports' requests").register(registry);
    }

    private double figure(java.util.function.ToLongFunction<VolumeFigures> which) {
        try {
            return which.applyAsLong(volume.figures());
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The capacity now, as published. */
    public Optional<CapacityReported> current() {
        try {
            VolumeFigures figures = volume.figures();
            ExportStore store = lifecycle.store();
            int live = store.liveCount();
            return Optional.of(new CapacityReported(config.serverId(), figures.totalBytes(), figures.usedBytes(),
                    figures.freeBytes(), store.provisionedBytes(), live, config.admission().overcommitRatio(),
                    Instant.now(), lifecycle.quotas().status().text()));
        } catch (IOException e) {
            LOG.errorf("cannot read the capacity of %s: %s; check the export root's filesystem", config.exportRoot(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Publishes the capacity; called after every change and on the interval. The report is read and sent on the
     * reporter's own thread, at most one every {@value #SPACING_MILLIS} ms: changes that come faster than that (a burst
     * of claims) share one report, read after the last of them, so every change is in a report published after it.
     */
    @Scheduled(every = "${nfs-lifecycle.capacity.report-interval}",
            delayed = "${nfs-lifecycle.capacity.report-interval}")
    public void report() {
        if (requested.compareAndSet(false, true)) {
            try {
                long wait = Math.max(0, lastSent + SPACING_MILLIS - System.currentTimeMillis());
                sender.schedule(this::send, wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping: the next start reports the capacity
                requested.set(false);
            }
        }
    }

    /**
     * One report at a time: while one waits for the broker (an outage), later changes wait for it and then share
     * one report, so an outage holds one report back, not one per change.
     */
    private void send() {
        if (!sending.compareAndSet(false, true)) {
            return; // the report under way sends one more when it is done
        }
        requested.set(false);
        lastSent = System.currentTimeMillis();
        try {
            current().ifPresentOrElse(report -> publisher.publish(report).whenComplete((ok, failure) -> {
                if (failure != null && !failing) {
                    failing = true;
                    LOG.warnf("capacity report not published: %s; the next change or interval sends one",
                            failure.getMessage());
                } else if (failure == null) {
                    failing = false;
                }
                sending.set(false);
                if (requested.get()) {
                    requested.set(false);
                    report();
                }
            }), () -> sending.set(false));
        } catch (RuntimeException e) {
            sending.set(false);
            LOG.warnf("capacity report not published: %s; the next change or interval sends one", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }
}
