package io.nfslifecycle.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void aRecordThatThrowsAnythingNeverKeepsTheRestOfItsPollFromBeingRead() {
        TopicPartition partition = new TopicPartition("nfs-lifecycle.exports", 0);
        List<ConsumerRecord<String, String>> polled = new ArrayList<>();
        for (long offset = 0; offset < 5; offset++) {
            polled.add(new ConsumerRecord<>(partition.topic(), 0, offset, "k" + offset, "v" + offset));
        }
        ConsumerRecords<String, String> records = new ConsumerRecords<>(Map.of(partition, polled), Map.of());
        List<Long> read = new ArrayList<>();

        Batches.each(records, record -> {
            read.add(record.offset());
            switch ((int) record.offset()) {
                case 1 -> throw new ExceptionInInitializerError("a class of the handler failed to initialise");
                case 2 -> throw new IllegalStateException("the refusal itself failed");
                case 3 -> throw new AssertionError("an assertion of the handler");
                default -> {
                }
            }
        });

        assertThat(read).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aBrokenJvmStopsThePoll() {
        TopicPartition partition = new TopicPartition("nfs-lifecycle.exports", 0);
        List<ConsumerRecord<String, String>> polled = List.of(
                new ConsumerRecord<>(partition.topic(), 0, 0, "k0", "v0"),
                new ConsumerRecord<>(partition.topic(), 0, 1, "k1", "v1"));
        List<Long> read = new ArrayList<>();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Batches.each(
                new ConsumerRecords<>(Map.of(partition, polled), Map.of()), record -> {
                    read.add(record.offset());
                    throw new OutOfMemoryError("Java heap space");
                })).isInstanceOf(OutOfMemoryError.class);
        assertThat(read).containsExactly(0L);
    }
}
