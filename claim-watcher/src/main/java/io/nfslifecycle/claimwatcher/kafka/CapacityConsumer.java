package io.nfslifecycle.claimwatcher.kafka;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.nfslifecycle.claimwatcher.ClaimWatcherConfig;
import io.nfslifecycle.claimwatcher.book.ServerBook;
import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.OneLine;
import io.nfslifecycle.kit.kafka.DeadLetters;
import io.nfslifecycle.kit.kafka.Received;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code nfs-lifecycle.capacity} into the {@link ServerBook}: which servers' export managers report, so a claim
 * of a class naming a server nobody serves waits with a Warning instead of an unanswered request.
 */
@ApplicationScoped
public class CapacityConsumer {
    private final ServerBook servers;
    private final CapacityFromStart progress;
    private final DeadLetters deadLetters;
    private final Instance<ExportConsumer.Listener> listeners;
    private final ClaimWatcherConfig config;

    @Inject
    public CapacityConsumer(ServerBook servers, CapacityFromStart progress, DeadLetters deadLetters,
            Instance<ExportConsumer.Listener> listeners, ClaimWatcherConfig config) {
        this.config = config;
        this.servers = servers;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.listeners = listeners;
    }

    @Incoming("capacity")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                return;
            }
            Event event = EventCodec.decode(record);
            if (!(event instanceof CapacityReported report)) {
                throw new InvalidEventException("ce_type", "is not capacity.reported: " + event.type()
                        + "; only capacity reports belong on this topic");
            }
            // while the topic is read from the start, nobody is judged silent; once it is, everything is planned
            if (servers.reported(report.serverId(), report.reportedAt(), config.serverSilence(), Instant.now())
                    && progress.caughtUp()) {
                listeners.forEach(ExportConsumer.Listener::exportChanged);
            }
        } catch (InvalidEventException e) {
            deadLetters.refuse(Received.of(record), e);
        } catch (RuntimeException e) {
            deadLetters.refuse(Received.of(record), "handler", "could not be handled ("
                    + OneLine.of(e.toString(), 300) + "); the operator must look at the service's log", e);
        } finally {
            progress.read(record.topic(), record.partition(), record.offset());
        }
    }
}
