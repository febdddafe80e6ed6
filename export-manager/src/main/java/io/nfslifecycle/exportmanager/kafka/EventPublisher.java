package io.nfslifecycle.exportmanager.kafka;

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
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes contract events: each goes to its own topic with its key and CloudEvents headers. */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<byte[]> emitter;
    private final EventCodec codec;
    private final MeterRegistry registry;

    @Inject
    public EventPublisher(@Channel("events") Emitter<byte[]> emitter, ExportManagerConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.codec = new EventCodec("/nfs-lifecycle/export-manager/" + config.serverId());
        this.registry = registry;
    }

    /** Sends one event; the stage completes when the broker acknowledged it, or fails with the broker's error. */
    public CompletionStage<Void> publish(Event event) {
        ProducerRecord<String, byte[]> record = codec.toProducerRecord(event);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(record.headers())
                .build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(record.value(), Metadata.of(kafka),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        registry.counter("nfs.lifecycle.events.published", "type", event.type()).increment();
        return acked;
    }
}
