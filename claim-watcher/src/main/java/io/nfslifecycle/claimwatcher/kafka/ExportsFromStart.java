package io.nfslifecycle.claimwatcher.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Makes the watcher read {@code nfs-lifecycle.exports} from the start on every assignment (the compacted topic is
 * the current state of every export), and tells when it has read up to where the topic ended at that moment.
 * Until then the watcher does not act: it would ask again for claims that were long answered.
 */
@ApplicationScoped
@Default
@Identifier("exports-from-start")
public class ExportsFromStart implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(ExportsFromStart.class);

    private final Map<TopicPartition, Long> endAtAssignment = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
    private volatile boolean assigned;
    private volatile boolean caughtUp;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        endAtAssignment.putAll(ends);
        assigned = true;
        LOG.infof("reading %s from the start up to offsets %s", partitions, ends);
        check();
    }

    /** Notes that the record at this offset was read (whether accepted or dead-lettered). */
    public void read(String topic, int partition, long offset) {
        read.merge(new TopicPartition(topic, partition), offset, Math::max);
        if (!caughtUp) {
            check();
        }
    }

    private void check() {
        if (caughtUp || !assigned) {
            return;
        }
        boolean all = endAtAssignment.entrySet().stream()
                .allMatch(e -> e.getValue() == 0 || read.getOrDefault(e.getKey(), -1L) + 1 >= e.getValue());
        if (all) {
            caughtUp = true;
            LOG.info("read every export known at start; reconciling from here on");
        }
    }

    /** True once every export known at start was read; stays true. */
    public boolean caughtUp() {
        return caughtUp;
    }
}
