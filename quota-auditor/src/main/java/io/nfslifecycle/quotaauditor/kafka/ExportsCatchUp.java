package io.nfslifecycle.quotaauditor.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.Topics;

/**
 * Whether the export view has read {@code nfs-lifecycle.exports} up to where it ended when this service started.
 * Before that, a claim directory would look unowned: the first audit waits for it.
 */
@ApplicationScoped
public class ExportsCatchUp {
    private static final Logger LOG = Logger.getLogger(ExportsCatchUp.class);

    private final Map<Integer, Long> consumedUpTo = new ConcurrentHashMap<>();
    private volatile Map<Integer, long[]> startAndEnd;
    private volatile boolean caughtUp;

    /** The export consumer saw this record (applied or refused). */
    void consumed(int partition, long offset) {
        consumedUpTo.merge(partition, offset + 1, Math::max);
    }

    public boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        if (startAndEnd == null) {
            startAndEnd = offsets();
            if (startAndEnd == null) {
                return false;
            }
        }
        caughtUp = startAndEnd.entrySet().stream().allMatch(e -> e.getValue()[0] >= e.getValue()[1]
                || consumedUpTo.getOrDefault(e.getKey(), 0L) >= e.getValue()[1]);
        if (caughtUp) {
            LOG.infof("%s read up to where it ended at start (%s)", Topics.EXPORTS, startAndEnd.entrySet().stream()
                    .map(e -> "partition " + e.getKey() + ": " + e.getValue()[1]).collect(Collectors.joining(", ")));
        }
        return caughtUp;
    }

    /** Per partition, the first and the end offset of the exports topic; null when Kafka does not answer. */
    private static Map<Integer, long[]> offsets() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EXPORTS, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                LOG.warnf("%s has no partitions yet; the first audit waits for it", Topics.EXPORTS);
                return null;
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            return partitions.stream().collect(Collectors.toMap(TopicPartition::partition,
                    tp -> new long[] {begin.get(tp), end.get(tp)}));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the offsets of %s yet (%s); the first audit waits for Kafka", Topics.EXPORTS,
                    e.getMessage());
            return null;
        }
    }
}
