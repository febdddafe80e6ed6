package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;

/**
 * A topic as the broker describes it now: its id (a new one once the topic is made again; null where it is not
 * known), its partitions in order, and each one's first and end offsets.
 */
public record TopicLayout(String topic, Uuid id, List<TopicPartition> partitions, Map<TopicPartition, Long> begins,
        Map<TopicPartition, Long> ends) {

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparingInt(TopicPartition::partition);
    private static final long RETRY_PAUSE_NANOS = 100_000_000;

    /**
     * Asks the broker, with a client of its own that is closed before this returns.
     *
     * @throws IllegalStateException when Kafka does not answer within {@code wait}, has no such topic or refuses
     */
    public static TopicLayout describe(KafkaClients clients, String topic, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis()));
        Admin admin = Admin.create(clients.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)));
        try {
            while (true) {
                try {
                    return describe(admin, topic, deadline);
                } catch (ExecutionException e) {
                    // a topic just made, a leader moving: asked again until the time is up
                    if (!(e.getCause() instanceof RetriableException)
                            || System.nanoTime() + RETRY_PAUSE_NANOS > deadline) {
                        throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
                    }
                    Thread.sleep(RETRY_PAUSE_NANOS / 1_000_000);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Asks with a consumer of its own, closed before this returns, whose classes a channel loads anyway (an admin
     * client's are more to load on the way to a start): the id is not known (null). An unknown topic has no partitions.
     *
     * @throws RuntimeException when Kafka does not answer within {@code wait} or refuses
     */
    public static TopicLayout asked(KafkaClients clients, String topic, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer(Map.of(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofNanos(left(deadline))).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).sorted(PARTITION_ORDER).toList();
            if (partitions.isEmpty()) {
                return new TopicLayout(topic, null, partitions, Map.of(), Map.of());
            }
            return new TopicLayout(topic, null, partitions,
                    consumer.beginningOffsets(partitions, Duration.ofNanos(left(deadline))),
                    consumer.endOffsets(partitions, Duration.ofNanos(left(deadline))));
        }
    }

    private static TopicLayout describe(Admin admin, String topic, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicDescription described = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                .get(left(deadline), TimeUnit.NANOSECONDS);
        List<TopicPartition> partitions = described.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).sorted(PARTITION_ORDER).toList();
        return new TopicLayout(topic, described.topicId(), partitions,
                offsets(admin, partitions, OffsetSpec.earliest(), deadline),
                offsets(admin, partitions, OffsetSpec.latest(), deadline));
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec,
            long deadline) throws ExecutionException, TimeoutException, InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> asked = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        return admin.listOffsets(asked).all().get(left(deadline), TimeUnit.NANOSECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long left(long deadline) {
        return Math.max(1_000_000, deadline - System.nanoTime());
    }
}
