package io.nfslifecycle.kit.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * A record as a consumer read it, before anything was made of it: where it was, its key, headers and value.
 *
 * @param key   may be null
 * @param value may be null (a tombstone)
 */
public record Received(String topic, int partition, long offset, String key, List<Header> headers, byte[] value) {

    public Received {
        headers = List.copyOf(headers);
    }

    public static Received of(ConsumerRecord<String, byte[]> record) {
        return new Received(record.topic(), record.partition(), record.offset(), record.key(),
                List.of(record.headers().toArray()), record.value());
    }

    public static Received of(IncomingKafkaRecordMetadata<String, byte[]> metadata, byte[] value) {
        return new Received(metadata.getTopic(), metadata.getPartition(), metadata.getOffset(), metadata.getKey(),
                List.of(metadata.getHeaders().toArray()), value);
    }

    /** {@code topic-partition@offset}, as the logs name a record. */
    public String where() {
        return topic + "-" + partition + "@" + offset;
    }

    public int valueBytes() {
        return value == null ? 0 : value.length;
    }
}
