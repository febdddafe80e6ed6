package io.nfslifecycle.exportmanager.kafka;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.exportmanager.capacity.CapacityReporter;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.quarkus.runtime.StartupEvent;

/** At start: finish or undo what a crash left half done, publish the outcomes, then the capacity. */
@ApplicationScoped
public class ReconcileOnStart {
    private static final Logger LOG = Logger.getLogger(ReconcileOnStart.class);

    void onStart(@Observes StartupEvent start, ExportLifecycle lifecycle, EventPublisher publisher,
            CapacityReporter capacity) {
        List<ExportEvent> results = lifecycle.reconcile();
        if (!results.isEmpty()) {
            LOG.infof("reconciled %d export(s) after a restart", results.size());
        }
        for (ExportEvent result : results) {
            publisher.publish(result).exceptionally(failure -> {
                LOG.warnf("result for claim %s not published: %s", result.subject(), failure.getMessage());
                return null;
            });
        }
        capacity.report();
    }
}
