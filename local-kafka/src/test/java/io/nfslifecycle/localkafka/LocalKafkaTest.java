package io.nfslifecycle.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.Topics;

class LocalKafkaTest {

    @Test
    void startsARealBrokerWithTheProjectTopicsAndCleansUp() throws Exception {
        Path dataDir;
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.defaults())) {
            dataDir = kafka.dataDirectory();
            assertThat(Files.readString(dataDir.resolve("server.properties")))
                    .contains("listeners=PLAINTEXT://" + kafka.bootstrapServers());
            try (Admin admin = kafka.admin()) {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertThat(names).containsAll(Topics.all());

                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, Topics.EXPORTS),
                        new ConfigResource(ConfigResource.Type.TOPIC, Topics.CLAIMS))).all().get(10, TimeUnit.SECONDS);
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.EXPORTS))
                        .get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.CLAIMS))
                        .get("cleanup.policy").value()).isEqualTo("delete");
                assertThat(admin.describeTopics(List.of(Topics.CLAIMS)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(Topics.CLAIMS).partitions()).hasSize(LocalKafka.Settings.defaults().partitions());
            }

            assertThat(roundTrip(kafka.bootstrapServers())).isEqualTo("hello");
            assertThat(dataDir).isDirectory();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void twoBrokersOnOneMachineDoNotCollide() {
        try (LocalKafka first = LocalKafka.start(LocalKafka.Settings.defaults());
                LocalKafka second = LocalKafka.start(LocalKafka.Settings.defaults())) {
            assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
            assertThat(roundTrip(first.bootstrapServers())).isEqualTo("hello");
            assertThat(roundTrip(second.bootstrapServers())).isEqualTo("hello");
        }
    }

    @Test
    void writesAKraftCombinedModeConfigOnLoopbackOnly() {
        String config = BrokerFiles.serverProperties(Paths.get("/tmp/x"), 19092, 19093, 3);

        assertThat(config).contains("process.roles=broker,controller", "listeners=PLAINTEXT://127.0.0.1:19092,"
                + "CONTROLLER://127.0.0.1:19093", "auto.create.topics.enable=false", "num.partitions=3");
    }

    private static String roundTrip(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.AUDIT, "k", "hello")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "t");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(Topics.AUDIT));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    return r.value();
                }
            }
        }
        return "nothing received";
    }
}
