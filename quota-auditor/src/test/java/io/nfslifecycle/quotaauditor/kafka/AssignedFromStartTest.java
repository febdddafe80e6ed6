package io.nfslifecycle.quotaauditor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.kit.kafka.FromStart;
import io.nfslifecycle.kit.kafka.KafkaClients;
import io.nfslifecycle.kit.kafka.ReturnedRecords;
import io.nfslifecycle.kit.kafka.TopicLayout;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * A channel read from the start gets its partitions assigned, with no consumer group, when the broker names them at
 * start; when it does not (away, or no such topic yet) the channel keeps its group, and the listener its seek.
 */
class AssignedFromStartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FromStart fromStart = new FromStart() {
        @Override
        protected String channel() {
            return "exports";
        }
    };

    @Test
    void everyPartitionIsAssignedFromItsBeginningAndTheEndsOfNowAreWhereTheChannelHasCaughtUp() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        String topic = newTopic(3);
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap)) {
            for (int i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "k" + i, "v".getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        Map<String, Object> settings = fromStart.assignedFromStart(clients(bootstrap), topic, WAIT);

        assertThat(settings).containsEntry("assign-seek", topic + ":0:0," + topic + ":1:0," + topic + ":2:0");
        assertThat(fromStart.caughtUp()).as("two records of partition 1 not read yet").isFalse();
        fromStart.read(topic, 1, 0);
        assertThat(fromStart.caughtUp()).isFalse();
        fromStart.read(topic, 1, 1);
        assertThat(fromStart.caughtUp()).isTrue();
    }

    @Test
    void aPartitionAddedAfterTheStartIsAssignedTooAndReadFromItsBeginning() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        String topic = "assigned-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            made(admin, topic, 2);
            assertThat(fromStart.assignedFromStart(clients(bootstrap), topic, WAIT)).containsKey("assign-seek");
            // the channel's consumer, as the connector makes it from those settings
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients(bootstrap).consumer(
                    Map.of(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 200)))) {
                assertThat(fromStart.follow(consumer, layout(bootstrap, topic))).as("no partitions yet").isEmpty();
                assertThat(consumer.assignment()).as("the channel assigns them, not the check").isEmpty();
                consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
                consumer.seekToBeginning(consumer.assignment());
                assertThat(fromStart.follow(consumer, layout(bootstrap, topic))).isEmpty();

                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
                try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap)) {
                    producer.send(new ProducerRecord<>(topic, 2, "k", "in the new one".getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
                List<TopicPartition> added = new java.util.ArrayList<>();
                List<String> read = new java.util.ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(new String(r.value(), StandardCharsets.UTF_8)));
                    added.addAll(fromStart.follow(consumer, layout(bootstrap, topic)));
                    return read.contains("in the new one");
                });

                assertThat(added).containsExactly(new TopicPartition(topic, 2));
                assertThat(consumer.assignment()).hasSize(3);
                assertThat(fromStart.follow(consumer, layout(bootstrap, topic))).isEmpty();
            }
        }
    }

    @Test
    void aTopicMadeAgainIsReadFromTheStartAgainEvenWhereItsNewEndIsPastTheOldPosition() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        String topic = "assigned-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap)) {
            made(admin, topic, 1);
            send(producer, topic, "old-0", "old-1");
            assertThat(fromStart.assignedFromStart(clients(bootstrap), topic, WAIT)).containsKey("assign-seek");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients(bootstrap).consumer(Map.of()))) {
                TopicPartition p0 = new TopicPartition(topic, 0);
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                List<String> read = new java.util.ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(value(r.value())));
                    return read.size() == 2;
                });

                assertThat(fromStart.follow(consumer, layout(bootstrap, topic))).as("the check a second in").isEmpty();

                // an admin deletes the topic and makes it again; the new one holds more records than the old
                admin.deleteTopics(List.of(topic)).all().get();
                await().atMost(WAIT).ignoreExceptions().until(() -> {
                    made(admin, topic, 1);
                    return true;
                });
                send(producer, topic, "new-0", "new-1", "new-2");
                read.clear();
                await().atMost(WAIT).until(() -> {
                    fromStart.follow(consumer, layout(bootstrap, topic));
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(value(r.value())));
                    return read.containsAll(List.of("new-0", "new-1", "new-2"));
                });
            }
        }
    }

    @Test
    void aPollAtTheEndCountsOnlyOnceItsRecordsAreAppliedAndTransactionMarkersAtTheEndAreNotWaitedFor()
            throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        String topic = newTopic(1);
        TopicPartition p0 = new TopicPartition(topic, 0);
        // two records in a transaction: offsets 0 and 1, the commit marker at 2, the end at 3
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients(bootstrap).producer(
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "assigned-" + UUID.randomUUID())))) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "tx-0", "tx-1");
            producer.commitTransaction();
        }
        Map<String, Object> settings = new java.util.HashMap<>(fromStart.assignedFromStart(clients(bootstrap), topic,
                WAIT));
        settings.remove("assign-seek");

        // the channel's consumer, as the connector makes it from those settings: Kafka makes the interceptor
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients(bootstrap).consumer(settings))) {
            consumer.assign(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            List<Long> polled = new java.util.ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> polled.add(r.offset()));
                return consumer.position(p0) == 3;
            });
            assertThat(polled).containsExactly(0L, 1L);

            fromStart.pastEnd(fromStart.pastEndNow(consumer));
            assertThat(fromStart.caughtUp()).as("at the end, the polled records not applied yet").isFalse();
            fromStart.read(topic, 0, 0);
            assertThat(fromStart.caughtUp()).isFalse();
            fromStart.read(topic, 0, 1);
            assertThat(fromStart.caughtUp()).as("the marker at 2 holds nothing to read").isTrue();
        }
    }

    @Test
    void anOperatorsOwnInterceptorsForEveryClientAreKeptAheadOfOurs() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        String theirs = Audit.class.getName();
        KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", bootstrap,
                ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, List.of(theirs, theirs)));

        Map<String, Object> settings = fromStart.assignedFromStart(clients, newTopic(1), WAIT);

        // the channel's interceptor.classes replaces the kafka.* one: theirs are listed in it again
        assertThat(settings).containsKey("assign-seek").containsEntry(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
                theirs + "," + theirs + "," + ReturnedRecords.class.getName());
    }

    /** An operator's interceptor (kafka.interceptor.classes). */
    public static final class Audit implements ConsumerInterceptor<Object, Object> {
        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnce() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();

        assertThat(fromStart.assignedFromStart(clients(bootstrap), newTopic(2), WAIT)).containsKey("assign-seek");
        assertThat(fromStart.caughtUp()).isTrue();
    }

    @Test
    void withTheBrokerAwayTheChannelKeepsItsGroupAndNothingCountsAsAssigned() throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort();
        }

        Map<String, Object> settings = fromStart.assignedFromStart(clients("127.0.0.1:" + nobody),
                "nfs-lifecycle.exports", Duration.ofMillis(500));

        assertThat(settings).as("a group, with the interceptor").doesNotContainKey("assign-seek")
                .containsEntry(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ReturnedRecords.class.getName());
        assertThat(fromStart.caughtUp()).as("caught up only once partitions are assigned and read").isFalse();
    }

    @Test
    void aTopicTheBrokerDoesNotHaveLeavesTheChannelItsGroup() {
        String bootstrap = LocalKafkaResource.bootstrapServers();

        assertThat(fromStart.assignedFromStart(clients(bootstrap), "no-such-" + UUID.randomUUID(),
                Duration.ofSeconds(2))).doesNotContainKey("assign-seek");
        assertThat(fromStart.caughtUp()).isFalse();
    }

    private static String newTopic(int partitions) throws Exception {
        String topic = "assigned-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalKafkaResource.bootstrapServers()))) {
            made(admin, topic, partitions);
        }
        return topic;
    }

    /** Makes the topic and waits until the broker describes it (a topic just made is unknown for a moment). */
    private static void made(Admin admin, String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(LocalKafkaResource.bootstrapServers())) {
            await().atMost(WAIT).ignoreExceptions().until(() -> producer.partitionsFor(topic).size() == partitions);
        }
    }

    private static TopicLayout layout(String bootstrap, String topic) {
        return TopicLayout.describe(clients(bootstrap), topic, WAIT);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String... values) throws Exception {
        for (String v : values) {
            producer.send(new ProducerRecord<>(topic, 0, v, v.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static String value(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static KafkaClients clients(String bootstrap) {
        return KafkaClients.of(Map.of("bootstrap.servers", bootstrap));
    }
}
