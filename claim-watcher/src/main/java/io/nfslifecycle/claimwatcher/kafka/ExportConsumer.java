package io.nfslifecycle.claimwatcher.kafka;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.nfslifecycle.claimwatcher.book.ExportBook;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.kit.kafka.Batches;
import io.nfslifecycle.kit.kafka.DeadLetters;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code nfs-lifecycle.exports} into the {@link ExportBook}, a poll's records at a time (the whole topic at
 * every start, a burst of answers at once), and asks for a reconcile. No record can stop the channel: one that
 * breaks the contract, or whose handling throws, goes to {@code nfs-lifecycle.claim-watcher.dlq} within the
 * producer's limits, and the next record is read.
 */
@ApplicationScoped
public class ExportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportConsumer.class);

    /** Told after every accepted export event, and when what the watcher knows of the servers changed. */
    public interface Listener {
        /** Something that concerns every claim changed. */
        void exportChanged();

        /** The export of one claim changed. */
        default void exportChanged(String claimUid) {
            exportChanged();
        }
    }

    private final ExportBook book;
    private final ExportsFromStart progress;
    private final DeadLetters deadLetters;
    private final Instance<Listener> listeners;

    @Inject
    public ExportConsumer(ExportBook book, ExportsFromStart progress, DeadLetters deadLetters,
            Instance<Listener> listeners) {
        this.book = book;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.listeners = listeners;
    }

    /** A poll's records, in order: one hand-off to a worker thread for the batch, not one for each record. */
    @Incoming("exports")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        Batches.each(records, this::consume);
    }

    void consume(ConsumerRecord<String, byte[]> record) {
        try {
            deadLetters.handleOrRefuse(record, this::accept);
        } finally {
            progress.read(record.topic(), record.partition(), record.offset());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: compaction drops the key; the export book keeps the last state it saw
        }
        Event event = EventCodec.decode(record);
        if (!(event instanceof ExportEvent export)) {
            throw new InvalidEventException("ce_type", "is not an export event: " + event.type()
                    + "; only export.* events belong on this topic");
        }
        book.received(export, Clock.systemUTC().instant());
        LOG.debugf("%s for claim %s (uid %s), phase %s", export.type(), export.subject(), export.key(),
                export.export().phase());
        listeners.forEach(listener -> listener.exportChanged(export.export().claimUid()));
    }
}
