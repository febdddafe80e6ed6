package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic once from its beginning up to where it ended when the read started, with a consumer of its own that
 * joins no group and commits nothing: for a compacted topic, the current state of every key.
 */
public final class TopicSnapshot {
    private TopicSnapshot() {
    }

    /**
     * @param each told every record, in partition order
     * @return true when every partition was read to its end within {@code wait}; false when Kafka did not answer in
     *         time (what was read was told)
     */
    public static boolean read(KafkaClients clients, String topic, Duration wait,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Object> config = clients.consumer(Map.of(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, Math.max(1000, wait.toMillis())),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, remaining(deadline)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            while (partitions.stream().anyMatch(p -> consumer.position(p, remaining(deadline)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            // Kafka away, not authorised, topic missing: the caller decides what an incomplete read means
            return false;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }
}
