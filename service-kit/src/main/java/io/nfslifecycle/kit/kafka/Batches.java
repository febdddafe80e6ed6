package io.nfslifecycle.kit.kafka;

import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/** A poll's records handed to a consumer at once, so that no record can keep the others of its poll from being read. */
public final class Batches {
    private static final Logger LOG = Logger.getLogger(Batches.class);

    private Batches() {
    }

    /**
     * Runs {@code consume} on each record, in order. Whatever one record throws that its consumer did not handle
     * (an {@link Error} such as a class that failed to initialise, a failure of its refusal) is logged with the
     * record's place, and the next record is read: as when a channel took one record at a time.
     */
    public static <K, V> void each(ConsumerRecords<K, V> records, Consumer<ConsumerRecord<K, V>> consume) {
        for (ConsumerRecord<K, V> record : records) {
            try {
                consume.accept(record);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "the record at %s-%d offset %d could not be handled and is let go; the next is read",
                        record.topic(), record.partition(), record.offset());
            }
        }
    }
}
