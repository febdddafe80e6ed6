package io.nfslifecycle.exportmanager.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code nfs-lifecycle.claims}. A record that breaks the contract is refused: the exception nacks it, and
 * SmallRye's dead-letter strategy moves it to {@code nfs-lifecycle.export-manager.dlq} with the reason in the
 * {@code dead-letter-reason} header, so the partition goes on.
 */
@ApplicationScoped
public class ClaimConsumer {
    private static final Logger LOG = Logger.getLogger(ClaimConsumer.class);

    private final ExportManagerConfig config;
    private final MeterRegistry registry;

    @Inject
    public ClaimConsumer(ExportManagerConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Incoming("claims")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Event event;
        try {
            event = EventCodec.decode(record);
            if (!(event instanceof ClaimEvent)) {
                throw new InvalidEventException("ce_type", "is not a claim event: " + event.type());
            }
        } catch (InvalidEventException e) {
            registry.counter("nfs.lifecycle.events.refused", "field", e.field()).increment();
            LOG.warnf("refused record %s-%d@%d (key %s): %s; it goes to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        }
        ClaimEvent claim = (ClaimEvent) event;
        if (!config.serverId().equals(claim.serverId())) {
            registry.counter("nfs.lifecycle.claims.skipped", "reason", "other-server").increment();
            return;
        }
        registry.counter("nfs.lifecycle.claims.received", "type", claim.type()).increment();
        LOG.infof("%s for claim %s (uid %s)", claim.type(), claim.subject(), claim.claimUid());
    }
}
