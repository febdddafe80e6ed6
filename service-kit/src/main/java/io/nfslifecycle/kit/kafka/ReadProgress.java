package io.nfslifecycle.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a channel read from the start has got, per partition: the end the topic had when the read began, the
 * records applied since, and the records its polls returned. A partition counts as read when a record at or past
 * its end was applied, or when its consumer's position passed the end and every record the polls returned before
 * that was applied: the offsets in between held nothing to read (a transaction marker, records deleted). The
 * position alone is not enough: it moves when a poll returns records, before they are applied.
 */
final class ReadProgress {
    private final Map<TopicPartition, Long> endAtStart = new ConcurrentHashMap<>();
    /** Past the last record applied since the read (re)began, or its beginning. */
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    /** Past the last record a poll returned, set on the polling thread. */
    private final Map<TopicPartition, Long> returned = new ConcurrentHashMap<>();
    /** Partitions whose position passed the end, each with what had to be applied then for it to count as read. */
    private final Map<TopicPartition, Long> pastEnd = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    /** Whether the consumer tells {@link #returned}: without it, a position says nothing of what was applied. */
    private volatile boolean watched;

    /**
     * The read of these partitions (re)begins at {@code begins} and counts as done at {@code ends}; {@code whole}:
     * they are all the partitions there are, any other is no longer waited for (a topic made again with fewer).
     */
    void reading(Map<TopicPartition, Long> begins, Map<TopicPartition, Long> ends, boolean whole) {
        if (whole) {
            endAtStart.keySet().retainAll(ends.keySet());
        }
        ends.forEach((tp, end) -> {
            // read again from the start: what was applied or returned before counts again only once it is again
            pastEnd.remove(tp);
            returned.remove(tp);
            applied.put(tp, begins.getOrDefault(tp, 0L));
            endAtStart.put(tp, end);
        });
    }

    /** The channel's consumer tells {@link #returned} from now on. */
    void watch() {
        watched = true;
    }

    boolean watched() {
        return watched;
    }

    /** A poll returned the record at this offset (and the ones before it in its partition). */
    void returned(TopicPartition tp, long offset) {
        returned.put(tp, offset + 1);
    }

    void applied(TopicPartition tp, long offset) {
        applied.merge(tp, offset + 1, Math::max);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * On the consumer's polling thread: the partitions whose position has passed their end, each with the offset
     * past the last record a poll returned (or 0): once that is applied, the partition is read. None when the
     * consumer does not tell which records its polls returned.
     */
    Map<TopicPartition, Long> pastEnd(Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> due = new HashMap<>();
        if (!watched) {
            return due;
        }
        for (TopicPartition tp : consumer.assignment()) {
            Long end = endAtStart.get(tp);
            if (end != null && consumer.position(tp) >= end) {
                due.put(tp, returned.getOrDefault(tp, 0L));
            }
        }
        return due;
    }

    void pastEnd(Map<TopicPartition, Long> due) {
        pastEnd.putAll(due);
    }

    boolean readToEnd() {
        return !endAtStart.isEmpty() && endAtStart.entrySet().stream().allMatch(e -> {
            long done = applied.getOrDefault(e.getKey(), 0L);
            Long due = pastEnd.get(e.getKey());
            return done >= e.getValue() || (due != null && done >= due);
        });
    }

    Map<TopicPartition, Long> ends() {
        return Map.copyOf(endAtStart);
    }

    /** Waits until a record at or past {@code end - 1} was applied in every partition, or the deadline passed. */
    boolean awaitApplied(Map<TopicPartition, Long> ends, long deadline) {
        synchronized (progress) {
            while (!ends.entrySet().stream().allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
