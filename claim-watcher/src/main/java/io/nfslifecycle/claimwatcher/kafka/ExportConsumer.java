package io.nfslifecycle.claimwatcher.kafka;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.claimwatcher.reconcile.ExportBook;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code nfs-lifecycle.exports} into the {@link ExportBook} and asks for a reconcile. A record that breaks the
 * contract is refused: the exception nacks it and SmallRye's dead-letter strategy moves it to
 * {@code nfs-lifecycle.claim-watcher.dlq} with the reason in a header, so the partition goes on.
 */
@ApplicationScoped
public class ExportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportConsumer.class);

    /** Told after every accepted export event. */
    public interface Listener {
        void exportChanged();
    }

    private final ExportBook book;
    private final ExportsFromStart progress;
    private final MeterRegistry registry;
    private final Instance<Listener> listeners;

    @Inject
    public ExportConsumer(ExportBook book, ExportsFromStart progress, MeterRegistry registry,
            Instance<Listener> listeners) {
        this.book = book;
        this.progress = progress;
        this.registry = registry;
        this.listeners = listeners;
    }

    @Incoming("exports")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        progress.read(record.topic(), record.partition(), record.offset());
        ExportEvent export;
        try {
            Event event = EventCodec.decode(record);
            if (!(event instanceof ExportEvent)) {
                throw new InvalidEventException("ce_type", "is not an export event: " + event.type());
            }
            export = (ExportEvent) event;
        } catch (InvalidEventException e) {
            registry.counter("nfs.lifecycle.events.refused", "field", e.field()).increment();
            LOG.warnf("refused record %s-%d@%d (key %s): %s; it goes to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        }
        book.received(export, Clock.systemUTC().instant());
        LOG.debugf("%s for claim %s (uid %s), phase %s", export.type(), export.subject(), export.key(),
                export.export().phase());
        listeners.forEach(Listener::exportChanged);
    }
}
