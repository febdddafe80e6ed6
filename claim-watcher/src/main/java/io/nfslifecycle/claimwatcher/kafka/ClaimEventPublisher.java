package io.nfslifecycle.claimwatcher.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.claimwatcher.reconcile.ClaimPublisher;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.EventCodec;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes claim events on {@code nfs-lifecycle.claims}: key = claim uid, CloudEvents headers, JSON value. */
@ApplicationScoped
public class ClaimEventPublisher implements ClaimPublisher {
    public static final String SOURCE = "/nfs-lifecycle/claim-watcher";

    private final Emitter<byte[]> emitter;
    private final EventCodec codec = new EventCodec(SOURCE);
    private final MeterRegistry registry;

    @Inject
    public ClaimEventPublisher(@Channel("claims") Emitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    @Override
    public CompletionStage<Void> publish(ClaimEvent event) {
        ProducerRecord<String, byte[]> record = codec.toProducerRecord(event);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(record.headers())
                .build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(record.value(), Metadata.of(kafka),
                () -> {
                    registry.counter("nfs.lifecycle.events.published", "type", event.type()).increment();
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
