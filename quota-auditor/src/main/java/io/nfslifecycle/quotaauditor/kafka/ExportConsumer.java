package io.nfslifecycle.quotaauditor.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;

/**
 * Reads {@code nfs-lifecycle.exports} from the start (a fresh consumer group on every boot) and keeps the
 * {@link ExportView} current. A record that breaks the contract is refused: the exception nacks it, and SmallRye's
 * dead-letter strategy moves it to {@code nfs-lifecycle.quota-auditor.dlq} with the reason in a header.
 */
@ApplicationScoped
public class ExportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportConsumer.class);

    private final ExportView view;
    private final ExportsCatchUp catchUp;
    private final AuditMetrics metrics;

    @Inject
    public ExportConsumer(ExportView view, ExportsCatchUp catchUp, AuditMetrics metrics) {
        this.view = view;
        this.catchUp = catchUp;
        this.metrics = metrics;
    }

    @Incoming("exports")
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            apply(record);
        } finally {
            catchUp.consumed(record.partition(), record.offset()); // after the view changed, never before
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null && record.key() != null) {
            view.forget(record.key()); // a tombstone: compaction will drop the claim
            return;
        }
        Event event;
        try {
            event = EventCodec.decode(record);
            if (!(event instanceof ExportEvent)) {
                throw new InvalidEventException("ce_type", "is not an export event: " + event.type());
            }
        } catch (InvalidEventException e) {
            metrics.refused(e.field());
            LOG.warnf("refused record %s-%d@%d (key %s): %s; it goes to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        }
        ExportEvent export = (ExportEvent) event;
        if (view.apply(export.export())) {
            LOG.debugf("export of claim %s (uid %s) is now %s", export.subject(), export.export().claimUid(),
                    export.export().phase());
        }
    }
}
