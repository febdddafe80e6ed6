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
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads {@code nfs-lifecycle.claims}. No record can stop the channel: a record that breaks the contract, names what
 * Kubernetes cannot, or whose handling throws, is refused to {@code nfs-lifecycle.export-manager.dlq} within the
 * producer's limits and acked, and when its key and subject name a claim of this server, the claim's owner gets an
 * {@code export.failed} answer too. Events for other servers are skipped and counted.
 *
 * <p>A message is acked once its results are handed to the publisher; the throttled commit strategy commits an offset
 * only when every message before it is acked, so after a crash nothing unhandled is skipped, and the results a crash
 * kept from the topic are published again at start.
 */
@ApplicationScoped
public class ClaimConsumer {
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

    @Incoming("claims")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        long received = System.nanoTime();
        @SuppressWarnings("unchecked")
        Optional<IncomingKafkaRecordMetadata<String, byte[]>> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (IncomingKafkaRecordMetadata<String, byte[]>) m);
        if (kafka.isEmpty()) {
            return message.ack();
        }
        Received record = Received.of(kafka.get(), message.getPayload());
        Map<String, String> headers = EventCodec.headers(kafka.get().getHeaders());
        ClaimEvent claim;
        try {
            claim = accept(record.key(), headers, record.value());
        } catch (InvalidEventException e) {
            return refuse(message, record, headers, e, ExportFailed.INVALID_EVENT, false);
        } catch (RuntimeException | StackOverflowError e) {
            return refuse(message, record, headers, new InvalidEventException("value", "could not be read ("
                    + e + ")", e), ExportFailed.INVALID_EVENT, false);
        }
        if (!config.serverId().equals(claim.serverId())) {
            metrics.claimEvent(claim.type(), "other-server");
            return message.ack();
        }
        work.submit(claim, received, message::ack, failure -> {
            if (failure instanceof InvalidEventException invalid) {
                refuse(message, record, headers, invalid, ExportFailed.NO_EXPORT, false);
            } else {
                refuse(message, record, headers, new InvalidEventException("handler", "could not be handled ("
                        + OneLine.of(failure.toString(), 300) + "); the operator must look at the service's log",
                        failure), ExportFailed.INTERNAL_ERROR, true);
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> refuse(Message<byte[]> message, Received record, Map<String, String> headers,
            InvalidEventException e, String code, boolean retryable) {
        String type = headers.get(EventCodec.CE_TYPE);
        metrics.claimEvent(KnownValues.type(type), "invalid");
        Optional<String> server = EventCodec.peek(record.value(), "serverId");
        Answers.of(lifecycle.store(), lifecycle.settings(), record.key(), headers.get(EventCodec.CE_SUBJECT), type,
                server, code, e.getMessage() + "; the record went to " + deadLetters.topic(), retryable,
                Clock.systemUTC().instant())
                .ifPresent(answer -> work.answer(record.key(), answer));
        // acked once the dead letter is written; the next record does not wait for it (the commit strategy does)
        deadLetters.refuse(record, e).thenCompose(done -> message.ack());
        return CompletableFuture.completedFuture(null);
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
