package io.nfslifecycle.exportmanager.capacity;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.kafka.EventPublisher;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/** Publishes {@code capacity.reported} at start and on every interval. */
@ApplicationScoped
public class CapacityReporter {
    private static final Logger LOG = Logger.getLogger(CapacityReporter.class);

    private final ExportManagerConfig config;
    private final EventPublisher publisher;

    @Inject
    public CapacityReporter(ExportManagerConfig config, EventPublisher publisher) {
        this.config = config;
        this.publisher = publisher;
    }

    void onStart(@Observes StartupEvent start) throws IOException {
        Files.createDirectories(config.exportRoot());
        report();
    }

    @Scheduled(every = "${nfs-lifecycle.capacity.report-interval:60s}", delayed = "${nfs-lifecycle.capacity.report-interval:60s}")
    void report() {
        try {
            FileStore store = Files.getFileStore(config.exportRoot());
            long total = store.getTotalSpace();
            CapacityReported report = new CapacityReported(config.serverId(), total, total - store.getUnallocatedSpace(),
                    store.getUsableSpace(), 0, 0, 1.0, Instant.now());
            publisher.publish(report);
        } catch (IOException e) {
            LOG.errorf("cannot read the capacity of %s: %s", config.exportRoot(), e.getMessage());
        }
    }
}
