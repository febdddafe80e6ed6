package io.nfslifecycle.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;

/**
 * Settings for the Kafka clients a service makes itself (the contract publisher, one-off reads of a topic, the
 * broker probe), built from the same {@code kafka.*} configuration the SmallRye channels get, so security protocol,
 * SASL and TLS apply to them too. Each client gets only the keys it knows; a channel's own settings stay with the
 * channel.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> defaults;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    /** For tests and tools: the given {@code kafka.*} settings without their prefix. */
    public static KafkaClients of(Map<String, Object> settings) {
        return new KafkaClients(settings);
    }

    public String bootstrapServers() {
        return String.valueOf(defaults.getOrDefault(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ""));
    }

    /** A producer of contract records: string keys, byte values, acknowledged by every in-sync replica. */
    public Map<String, Object> producer(Map<String, Object> overrides) {
        Map<String, Object> config = known(ProducerConfig.configNames());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(overrides);
        return config;
    }

    /** A consumer that commits nothing: string keys, byte values. */
    public Map<String, Object> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = known(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(overrides);
        return config;
    }

    public Map<String, Object> admin(Map<String, Object> overrides) {
        Map<String, Object> config = known(AdminClientConfig.configNames());
        config.putAll(overrides);
        return config;
    }

    private Map<String, Object> known(Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        defaults.forEach((key, value) -> {
            if (names.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        return config;
    }
}
