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
     * record's place, and the next record is read, as when a channel took one record at a time: the first such
     * record of a poll with its stack trace, the others of the poll in one line at its end. Only a broken JVM
     * ({@link VirtualMachineError}: out of memory) stops the poll.
     */
    public static <K, V> void each(ConsumerRecords<K, V> records, Consumer<ConsumerRecord<K, V>> consume) {
        int failed = 0;
        for (ConsumerRecord<K, V> record : records) {
            try {
                consume.accept(record);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                if (failed++ == 0) {
                    LOG.errorf(e, "the record at %s-%d offset %d could not be handled and is let go; the next is read",
                            record.topic(), record.partition(), record.offset());
                }
            }
        }
        if (failed > 1) {
            LOG.errorf("%d more records of the same poll could not be handled and were let go, the same way",
                    failed - 1);
        }
    }
}
