package io.nfslifecycle.quotaauditor.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.kit.kafka.Batches;
import io.nfslifecycle.kit.kafka.DeadLetters;
import io.nfslifecycle.quotaauditor.exports.ExportView;

/**
 * Reads {@code nfs-lifecycle.exports} from the start on every boot (no consumer group: see {@link ExportsFromStart})
 * and keeps the {@link ExportView} current. No record can stop the channel: one that breaks the contract, or whose handling
 * throws, goes to {@code nfs-lifecycle.quota-auditor.dlq} within the producer's limits, and the next is read.
 */
@ApplicationScoped
public class ExportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportConsumer.class);

    private final ExportView view;
    private final ExportsFromStart progress;
    private final DeadLetters deadLetters;

    @Inject
    public ExportConsumer(ExportView view, ExportsFromStart progress, DeadLetters deadLetters) {
        this.view = view;
        this.progress = progress;
        this.deadLetters = deadLetters;
    }

    /** A poll's records, in order: the whole topic at every start and a burst of answers cost one call each. */
    @Incoming("exports")
    public void consume(ConsumerRecords<String, byte[]> records) {
        Batches.each(records, this::consume);
    }

    void consume(ConsumerRecord<String, byte[]> record) {
        try {
            deadLetters.handleOrRefuse(record, this::apply);
        } finally {
            progress.read(record.topic(), record.partition(), record.offset()); // after the view changed, never before
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null && record.key() != null) {
            view.forget(record.key()); // a tombstone: compaction will drop the claim
            return;
        }
        Event event = EventCodec.decode(record);
        if (!(event instanceof ExportEvent export)) {
            throw new InvalidEventException("ce_type", "is not an export event: " + event.type()
                    + "; only export.* events belong on this topic");
        }
        if (view.apply(export.export())) {
            LOG.debugf("export of claim %s (uid %s) is now %s", export.subject(), export.export().claimUid(),
                    export.export().phase());
        }
    }
}
