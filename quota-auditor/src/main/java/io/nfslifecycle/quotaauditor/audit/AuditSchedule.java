package io.nfslifecycle.quotaauditor.audit;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.kafka.ExportsFromStart;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * When audits run: once at start, as soon as the export view has caught up with the exports topic (or after
 * {@code catch-up-timeout} when Kafka is away), then every {@code interval}.
 */
@Singleton
public class AuditSchedule {
    private static final Logger LOG = Logger.getLogger(AuditSchedule.class);

    private final QuotaAuditorConfig config;
    private final ExportsFromStart catchUp;
    private final AuditRunner runner;
    private final Instant bootedAt = Instant.now();
    private volatile boolean started;

    @Inject
    public AuditSchedule(QuotaAuditorConfig config, ExportsFromStart catchUp, AuditRunner runner) {
        this.config = config;
        this.catchUp = catchUp;
        this.runner = runner;
    }

    @Scheduled(every = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void startRun() {
        if (started) {
            return;
        }
        if (!config.audit().runAtStart()) {
            started = true;
            return;
        }
        boolean timedOut = Instant.now().isAfter(bootedAt.plus(config.audit().catchUpTimeout()));
        if (catchUp.caughtUp() || timedOut) {
            if (timedOut && !catchUp.caughtUp()) {
                LOG.warnf("the exports topic could not be read to its end within %s; auditing with what is known,"
                        + " so claim directories may show as orphans until Kafka answers", config.audit().catchUpTimeout());
            }
            started = true;
            runner.trigger("start");
        }
    }

    @Scheduled(every = "${nfs-lifecycle.audit.interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void periodicRun() {
        if (started) {
            runner.trigger("schedule");
        }
    }

    @Scheduled(every = "${nfs-lifecycle.audit.progress-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void progress() {
        runner.logProgress(config.audit().progressInterval());
    }
}
