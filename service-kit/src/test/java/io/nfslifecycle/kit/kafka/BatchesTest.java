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
}
