package io.nfslifecycle.exportmanager.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.capacity.CapacityReporter;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.lifecycle.Handled;
import io.nfslifecycle.exportmanager.metrics.ExportMetrics;
import io.nfslifecycle.exportmanager.naming.KubernetesNames;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code nfs-lifecycle.claims}. A record that breaks the contract, or names what Kubernetes cannot (a bad
 * name, an unknown server, a release of a claim we hold nothing of) is refused: the exception nacks it, and
 * SmallRye's dead-letter strategy moves it to {@code nfs-lifecycle.export-manager.dlq} with the reason in the
 * {@code dead-letter-reason} header, so the partition goes on. Events for other servers are skipped and counted.
 */
@ApplicationScoped
public class ClaimConsumer {
    private static final Logger LOG = Logger.getLogger(ClaimConsumer.class);
    private static final long ACK_WAIT_SECONDS = 30;

    private final ExportManagerConfig config;
    private final ExportLifecycle lifecycle;
    private final EventPublisher publisher;
    private final CapacityReporter capacity;
    private final ExportMetrics metrics;

    @Inject
    public ClaimConsumer(ExportManagerConfig config, ExportLifecycle lifecycle, EventPublisher publisher,
            CapacityReporter capacity, ExportMetrics metrics) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.publisher = publisher;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    @Incoming("claims")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        long received = System.nanoTime();
        String type = Optional.ofNullable(EventCodec.headers(record.headers()).get(EventCodec.CE_TYPE)).orElse("none");
        ClaimEvent claim;
        Handled handled;
        try {
            claim = accept(record);
            if (!config.serverId().equals(claim.serverId())) {
                metrics.claimEvent(claim.type(), "other-server");
                return;
            }
            handled = lifecycle.handle(claim);
        } catch (InvalidEventException e) {
            metrics.refused(e.field());
            metrics.claimEvent(type.length() > 64 ? "unknown" : type, "invalid");
            LOG.warnf("refused record %s-%d@%d (key %s): %s; it goes to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        }
        metrics.claimEvent(claim.type(), handled.outcome());
        publish(claim, handled.results(), received);
        if (handled.changed()) {
            capacity.report();
        }
    }

    /** Decodes and checks a record; throws naming the offending field. */
    ClaimEvent accept(ConsumerRecord<String, byte[]> record) {
        Event event = EventCodec.decode(record);
        if (!(event instanceof ClaimEvent)) {
            throw new InvalidEventException("ce_type", "is not a claim event: " + event.type());
        }
        ClaimEvent claim = (ClaimEvent) event;
        check("claimUid", KubernetesNames.uid(claim.claimUid()));
        check("namespace", KubernetesNames.namespace(claim.namespace()));
        check("claimName", KubernetesNames.objectName(claim.claimName()));
        if (claim instanceof ClaimRequested requested) {
            check("volumeName", KubernetesNames.objectName(requested.volumeName()));
        }
        if (claim instanceof ClaimReleased released) {
            check("volumeName", KubernetesNames.objectName(released.volumeName()));
        }
        List<String> peers = config.peerServers().orElse(List.of());
        if (config.peerServers().isPresent() && !config.serverId().equals(claim.serverId())
                && !peers.contains(claim.serverId())) {
            throw new InvalidEventException("serverId", "names no known NFS server: " + claim.serverId()
                    + " (this is " + config.serverId() + ", peers " + peers + "); check the StorageClass's server "
                    + "parameter");
        }
        return claim;
    }

    private static void check(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new InvalidEventException(field, problem.get());
        }
    }

    /**
     * Publishes the results and waits for the broker's acknowledgement, so the offset is committed only after the
     * result is on the exports topic. A publish that fails is logged, not retried here: the record is durable, and
     * the watcher's next (level-triggered) request gets the result again.
     */
    private void publish(ClaimEvent claim, List<ExportEvent> results, long received) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (ExportEvent result : results) {
            acks.add(publisher.publish(result).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
            metrics.provisioningDuration(claim.type()).record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("the result for claim %s (uid %s) was not acknowledged by Kafka: %s; it is published again "
                    + "when the claim watcher asks again", claim.subject(), claim.claimUid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
