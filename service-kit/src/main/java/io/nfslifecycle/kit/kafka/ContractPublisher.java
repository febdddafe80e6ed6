package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.kit.threads.Daemons;

/**
 * The one way a service puts a record on Kafka: contract events (encoded by the service's {@link EventCodec}) and
 * dead letters. A caller never waits: the record is queued and handed to one idempotent producer by a sender thread
 * of its own, in the order it was queued, so one key's records keep their order. The returned stage completes when
 * every in-sync replica has the record, or fails with the broker's error.
 *
 * <p>The producer keeps trying for as long as the broker is away ({@code nfs-lifecycle.kafka.delivery-timeout},
 * unbounded by default): an outage of any length delays a record, it never expires it, and the idempotent producer
 * never writes it twice. What a full buffer or an unknown topic refuses fails at once, so the caller can decide.
 * {@code nfs.lifecycle.events.published} counts records the broker acknowledged, by type.
 */
@ApplicationScoped
public class ContractPublisher {
    private static final Logger LOG = Logger.getLogger(ContractPublisher.class);
    private static final int QUEUE = 20_000;

    private final EventCodec codec;
    private final MeterRegistry registry;
    private final Producer<String, byte[]> producer;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Thread sender;
    private volatile boolean stopping;

    private record Pending(ProducerRecord<String, byte[]> record, String type, CompletableFuture<Void> acked) {
    }

    @Inject
    public ContractPublisher(EventCodec codec, KafkaClients clients, MeterRegistry registry, KafkaSettings settings) {
        this(codec, new KafkaProducer<>(clients.producer(Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, settings.deliveryTimeout().toMillis()),
                ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000))), registry);
    }

    /** For tests: any producer. */
    public ContractPublisher(EventCodec codec, Producer<String, byte[]> producer, MeterRegistry registry) {
        this.codec = codec;
        this.registry = registry;
        this.producer = producer;
        // the producer's own figures (kafka_producer_connection_count, ...), as SmallRye binds them for its channels
        new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer).bindTo(registry);
        this.sender = new Thread(this::sendQueued, "contract-publisher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /**
     * Readies, on a thread of its own, what the first record would otherwise wait for: the codec's readers and
     * writers, and the producer's metadata of these topics (the broker's partitions and leaders). Nothing waits for
     * it; a broker away or a topic missing only leaves the first record to find them itself.
     */
    public void prepare(String... topics) {
        Daemons.named("contract-publisher-prepare").newThread(() -> {
            EventCodec.prepare();
            for (String topic : topics) {
                try {
                    producer.partitionsFor(topic);
                } catch (RuntimeException e) { // not there yet: the first send of the topic asks again
                    LOG.debugf("metadata of %s not ready at start: %s", topic, e.getMessage());
                }
            }
        }).start();
    }

    /** Publishes one contract event on its own topic, with its key and CloudEvents headers. */
    public CompletionStage<Void> publish(Event event) {
        return send(codec.toProducerRecord(event), event.type());
    }

    /**
     * Sends a record as it is.
     *
     * @param type the {@code type} tag it is counted under once acknowledged
     */
    public CompletionStage<Void> send(ProducerRecord<String, byte[]> record, String type) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        if (stopping || !queue.offer(new Pending(record, type, acked))) {
            acked.completeExceptionally(new RejectedExecutionException(stopping ? "the service is stopping"
                    : QUEUE + " records are waiting for Kafka already; this one is not queued"));
        }
        return acked;
    }

    /** Records queued and not yet handed to the producer. */
    public int queued() {
        return queue.size();
    }

    private void sendQueued() {
        while (!stopping || !queue.isEmpty()) {
            Pending next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (next == null) {
                continue;
            }
            try {
                producer.send(next.record(), (metadata, failure) -> {
                    if (failure == null) {
                        published(next.type()).increment();
                        next.acked().complete(null);
                    } else {
                        next.acked().completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                // a full buffer, metadata not available in time, a record over max.request.size
                next.acked().completeExceptionally(e);
            }
        }
    }

    private Counter published(String type) {
        return published.computeIfAbsent(type, t -> Counter.builder("nfs.lifecycle.events.published").tag("type", t)
                .description("records the broker acknowledged, by CloudEvents type").register(registry));
    }

    /** Sends what is queued and waits a little for the broker, so a clean stop loses nothing it could send. */
    @PreDestroy
    void stop() {
        stopping = true;
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("closing the Kafka producer: %s", e.getMessage());
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.acked().completeExceptionally(new RejectedExecutionException("the service stopped"));
        }
    }
}
