package io.nfslifecycle.localkafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.nfslifecycle.events.EventCodec;

/**
 * A plain Kafka client for tests: reads topics from the beginning (no consumer group, so it never disturbs the
 * services' offsets) and produces raw records, so a test sees exactly what a user's integration would see.
 */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    private TopicProbe(String bootstrap, Collection<String> topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            // a topic just created may not be in the broker's metadata yet: ask again for a while
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<org.apache.kafka.common.PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            while (found.isEmpty() && System.nanoTime() < deadline) {
                found = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            }
            found.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads the topics from their first record. */
    public static TopicProbe fromStart(String bootstrap, String... topics) {
        return new TopicProbe(bootstrap, List.of(topics));
    }

    /** Everything read so far, in the order read. */
    public synchronized List<ConsumerRecord<String, byte[]>> received() {
        poll();
        return List.copyOf(received);
    }

    /**
     * Only what this poll read (also kept for {@link #received()}); for counting a long stream without rescanning
     * everything read before.
     */
    public synchronized List<ConsumerRecord<String, byte[]>> poll() {
        List<ConsumerRecord<String, byte[]>> fresh = toList(consumer.poll(Duration.ofMillis(200)));
        received.addAll(fresh);
        return fresh;
    }

    /** Polls until a record matches, or fails after the timeout naming what was seen. */
    public ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (ConsumerRecord<String, byte[]> r : received()) {
                if (match.test(r)) {
                    return r;
                }
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching record within " + timeout + "; received: "
                + received.stream().map(TopicProbe::describe).toList());
    }

    /** The record with the given CloudEvents type and Kafka key. */
    public ConsumerRecord<String, byte[]> await(String ceType, String key, Duration timeout) {
        return await(r -> ceType.equals(headers(r).get(EventCodec.CE_TYPE)) && key.equals(r.key()), timeout);
    }

    public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        return EventCodec.headers(record.headers());
    }

    public static String value(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }

    /** {@code topic key headers value}, as kcat would show it. */
    public static String describe(ConsumerRecord<String, byte[]> r) {
        return r.topic() + " " + r.key() + " " + headers(r) + " " + value(r);
    }

    /** A plain producer of the contract's records (string key, byte value); the caller closes it. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // as the services send: at once (the client's default waits 5 ms)
        return new KafkaProducer<>(p);
    }

    /** Produces one record and waits for the broker's acknowledgement. */
    public static void produce(String bootstrap, ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + record.topic() + ": " + e, e);
        }
    }

    private static <T> List<T> toList(Iterable<T> records) {
        List<T> out = new ArrayList<>();
        records.forEach(out::add);
        return out;
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
