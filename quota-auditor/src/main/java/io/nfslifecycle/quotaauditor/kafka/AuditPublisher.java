package io.nfslifecycle.quotaauditor.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes audit events on {@code nfs-lifecycle.audit}, each with its key and CloudEvents headers. */
@ApplicationScoped
public class AuditPublisher {
    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);

    private final Emitter<byte[]> emitter;
    private final EventCodec codec;
    private final AuditMetrics metrics;

    @Inject
    public AuditPublisher(@Channel("audit") Emitter<byte[]> emitter, QuotaAuditorConfig config, AuditMetrics metrics) {
        this.emitter = emitter;
        this.codec = new EventCodec("/nfs-lifecycle/quota-auditor/" + config.serverId());
        this.metrics = metrics;
    }

    /**
     * Sends one event and waits for the broker's acknowledgement.
     *
     * @return false when the broker did not take it in time; the caller tries again on its next run
     */
    public boolean publish(Event event, Duration wait) {
        ProducerRecord<String, byte[]> record = codec.toProducerRecord(event);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(record.headers())
                .build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            emitter.send(Message.of(record.value(), Metadata.of(kafka),
                    () -> {
                        acked.complete(null);
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        acked.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
            acked.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            metrics.published(event.type());
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("could not publish %s for %s: %s; the next audit run tries again", event.type(), event.subject(),
                    e instanceof ExecutionException ? e.getCause() : e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
