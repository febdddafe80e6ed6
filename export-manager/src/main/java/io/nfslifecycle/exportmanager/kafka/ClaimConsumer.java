package io.nfslifecycle.exportmanager.kafka;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.KubernetesNames;
import io.nfslifecycle.events.OneLine;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.lifecycle.Answers;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.metrics.ExportMetrics;
import io.nfslifecycle.kit.kafka.DeadLetters;
import io.nfslifecycle.kit.kafka.KnownValues;
import io.nfslifecycle.kit.kafka.Received;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads {@code nfs-lifecycle.claims}. No record can stop the channel: a record that breaks the contract, names what
 * Kubernetes cannot, or whose handling throws, is refused to {@code nfs-lifecycle.export-manager.dlq} within the
 * producer's limits and acked, and when its key and subject name a claim of this server, the claim's owner gets an
 * {@code export.failed} answer too. Events for other servers are skipped and counted.
 *
 * <p>Records come a poll at a time; a poll's batch is acked once the results of every record in it are handed to the
 * publisher; the throttled commit strategy commits an offset only when every batch before it is acked, so after a
 * crash nothing unhandled is skipped, and the results a crash kept from the topic are published again at start.
 */
@ApplicationScoped
public class ClaimConsumer {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ClaimConsumer.class);
    private final ExportManagerConfig config;
    private final ExportLifecycle lifecycle;
    private final ClaimWork work;
    private final DeadLetters deadLetters;
    private final ExportMetrics metrics;

    @Inject
    public ClaimConsumer(ExportManagerConfig config, ExportLifecycle lifecycle, ClaimWork work,
            DeadLetters deadLetters, ExportMetrics metrics) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.work = work;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * A poll's records at once (one hand-over from the connector for all of them, not one each): each is decoded and
     * handed to its claim's worker; the batch is acked once every record in it is done or refused.
     */
    @Incoming("claims")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        CompletableFuture<?>[] done = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < done.length; i++) {
            try {
                done[i] = consume(records.get(i));
            } catch (RuntimeException e) { // never expected: the record is let go, the others go on
                LOG.errorf(e, "a claim record could not be taken; it is let go");
                done[i] = CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture.allOf(done).whenComplete((ok, failure) -> batch.ack());
        return CompletableFuture.completedFuture(null);
    }

    /** One record; the result completes once it is done (its results handed to the publisher) or refused. */
    CompletableFuture<Void> consume(Message<byte[]> message) {
        long received = System.nanoTime();
        @SuppressWarnings("unchecked")
        Optional<IncomingKafkaRecordMetadata<String, byte[]>> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (IncomingKafkaRecordMetadata<String, byte[]>) m);
        if (kafka.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Received record = Received.of(kafka.get(), message.getPayload());
        Map<String, String> headers = EventCodec.headers(kafka.get().getHeaders());
        ClaimEvent claim;
        try {
            claim = accept(record.key(), headers, record.value());
        } catch (InvalidEventException e) {
            return refuse(record, headers, e, ExportFailed.INVALID_EVENT, false);
        } catch (RuntimeException | StackOverflowError e) {
            return refuse(record, headers, new InvalidEventException("value", "could not be read ("
                    + e + ")", e), ExportFailed.INVALID_EVENT, false);
        }
        if (!config.serverId().equals(claim.serverId())) {
            metrics.claimEvent(claim.type(), "other-server");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.submit(claim, received, () -> done.complete(null), failure -> {
            if (failure instanceof InvalidEventException invalid) {
                refuse(record, headers, invalid, ExportFailed.NO_EXPORT, false).whenComplete((ok, e) -> done.complete(null));
            } else {
                refuse(record, headers, new InvalidEventException("handler", "could not be handled ("
                        + OneLine.of(failure.toString(), 300) + "); the operator must look at the service's log",
                        failure), ExportFailed.INTERNAL_ERROR, true).whenComplete((ok, e) -> done.complete(null));
            }
        });
        return done;
    }

    /** Done once the dead letter is written (the next record does not wait for it; the batch's ack does). */
    private CompletableFuture<Void> refuse(Received record, Map<String, String> headers, InvalidEventException e,
            String code, boolean retryable) {
        String type = headers.get(EventCodec.CE_TYPE);
        metrics.claimEvent(KnownValues.type(type), "invalid");
        Optional<String> server = EventCodec.peek(record.value(), "serverId");
        Answers.of(lifecycle.store(), lifecycle.settings(), record.key(), headers.get(EventCodec.CE_SUBJECT), type,
                server, code, e.getMessage() + "; the record went to " + deadLetters.topic(), retryable,
                Clock.systemUTC().instant())
                .ifPresent(answer -> work.answer(record.key(), answer));
        return deadLetters.refuse(record, e).toCompletableFuture().handle((ok, failure) -> null);
    }

    /** Decodes and checks a record; throws naming the offending field. */
    ClaimEvent accept(String key, Map<String, String> headers, byte[] value) {
        Event event = EventCodec.decode(key, headers, value);
        if (!(event instanceof ClaimEvent)) {
            throw new InvalidEventException("ce_type", "is not a claim event: " + event.type()
                    + "; only claim.* events belong on this topic");
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
}
