package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.nfslifecycle.kit.threads.Daemons;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * A channel's rebalance listener that reads its topic from the beginning on every assignment (a compacted topic read
 * so is the current state of every key) and tells when the channel has read up to where the topic ended at that
 * moment. A service subclasses it once per channel with an {@code @Identifier} and names it in the channel's
 * {@code consumer-rebalance-listener.name}; the consumer calls {@link #read} for every record, accepted or refused,
 * once it has been applied. Later, {@link #readUpToNow} waits until what the topic holds at that moment is applied.
 * {@link #assignedFromStart} is the channel's {@code kafka-configuration}: the channel reads its partitions
 * assigned, with no consumer group, whenever Kafka answers at start, and {@link #follow}s the topic's changes; and
 * its consumer tells which records each poll returned, without which a partition that ends in offsets holding no
 * record (a transaction marker) never counts as read.
 */
public abstract class FromStart implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(FromStart.class);
    private static final Duration ASK_END_OFFSETS = Duration.ofSeconds(3);
    /** How long a start waits for the broker to name a topic's partitions before it joins a group instead. */
    protected static final Duration PARTITIONS_WAIT = Duration.ofSeconds(5);
    private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    @Inject
    KafkaClientService channels;

    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(Daemons.named("from-start-probe"));
    private final ReadProgress progress = new ReadProgress();
    private volatile boolean assigned;
    /** The topic as last described where the channel has its partitions assigned (no group); null if it subscribes. */
    private volatile TopicLayout layout;
    private volatile long nextCheck;
    private volatile boolean caughtUp;
    private volatile boolean toldUnwatched;
    /** Whether the probe asks for the positions (once a second until caught up). */
    private boolean asking;
    private final java.util.List<Runnable> whenCaughtUp = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) { // a group that met before the topic was there: nothing read is no end reached
            LOG.debugf("the channel %s has no partitions yet", channel());
            return;
        }
        consumer.seekToBeginning(partitions);
        reading(partitions, consumer.beginningOffsets(partitions), consumer.endOffsets(partitions), false);
    }

    /** The settings every channel read from the start has: its consumer runs {@link ReturnedRecords}. */
    private Map<String, Object> toldReturns(KafkaClients clients, Map<String, Object> settings) {
        return ReturnedRecords.settings(clients, channel(), this, settings);
    }

    /**
     * The channel's settings that read the topic with no consumer group: every partition assigned from its beginning
     * ({@code assign-seek}), the end offsets asked now being where the channel has caught up. A new consumer group's
     * first join waits for the broker's {@code group.initial.rebalance.delay.ms} (3 s by Kafka's default), and a
     * service that reads from the start makes a new group on every start. When Kafka does not answer within
     * {@code wait} or the topic has no partitions, only the {@link #toldReturns} settings: the channel subscribes with
     * its group, and this listener seeks to the beginning on every assignment. The topic is described again from 5 s
     * on, each second until its id is known, then each minute ({@link #follow}).
     */
    public Map<String, Object> assignedFromStart(KafkaClients clients, String topic, Duration wait) {
        TopicLayout found;
        try {
            found = TopicLayout.asked(clients, topic, wait);
        } catch (RuntimeException e) { // Kafka away or not answering in time, the topic not readable
            LOG.infof("the partitions of %s are not known (%s): the channel %s joins a consumer group", topic,
                    e.getMessage(), channel());
            return toldReturns(clients, Map.of());
        }
        if (found.partitions().isEmpty()) {
            LOG.infof("%s has no partitions: the channel %s joins a consumer group", topic, channel());
            return toldReturns(clients, Map.of());
        }
        layout = found; // its id is learnt by the first check
        reading(found.partitions(), found.begins(), found.ends(), true);
        probe.scheduleWithFixedDelay(() -> checkTopic(clients), 5, 1, TimeUnit.SECONDS); // after the start's work
        return toldReturns(clients, Map.of("assign-seek", found.partitions().stream()
                .map(p -> topic + ":" + p.partition() + ":0").collect(Collectors.joining(","))));
    }

    /**
     * Keeps an assigned channel on the topic as the broker describes it {@code now}, as a group's rebalances keep a
     * subscribed one: a partition added since is assigned and read from its beginning; a topic made again (a new id:
     * deleted and created, or a broker that lost its log) is read from the start again, every partition. The id is
     * learnt by the first check, 5 s after the start: a topic made again before that is not told apart (a log
     * shorter than the position is read from its start anyway, {@code auto.offset.reset=earliest}). Returns the
     * partitions read from their beginning. On the consumer's polling thread; nothing for a subscribed channel, or
     * before the channel has its partitions.
     */
    public List<TopicPartition> follow(Consumer<?, ?> consumer, TopicLayout now) {
        TopicLayout before = layout;
        if (before == null || !before.topic().equals(now.topic())) {
            return List.of();
        }
        boolean remade = before.id() != null && !before.id().equals(now.id());
        Set<TopicPartition> held = consumer.assignment();
        List<TopicPartition> again = remade ? now.partitions()
                : now.partitions().stream().filter(p -> !held.contains(p)).toList();
        if (held.isEmpty() || again.isEmpty()) {
            layout = remade ? before : now; // the id is learnt
            return List.of();
        }
        Set<TopicPartition> all = new HashSet<>(now.partitions());
        if (!remade) {
            all.addAll(held);
        }
        consumer.assign(all);
        consumer.seekToBeginning(again);
        layout = now;
        if (remade) {
            LOG.warnf("%s was made again (topic id %s, was %s): read from the start again", now.topic(), now.id(),
                    before.id());
            reading(now.partitions(), now.begins(), now.ends(), true);
        } else {
            LOG.warnf("%s gained partitions %s since the start: they are read from their beginning too (a key's "
                    + "records in two partitions are read in no set order)", now.topic(), again);
        }
        return again;
    }

    /** Each second until the topic's id is known, then once a minute. */
    private void checkTopic(KafkaClients clients) {
        if (channels == null || (layout.id() != null && System.nanoTime() < nextCheck)) {
            return;
        }
        nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
        try {
            TopicLayout now = TopicLayout.describe(clients, layout.topic(), ASK_END_OFFSETS);
            java.util.function.Function<Consumer<Object, Object>, List<TopicPartition>> keep = c -> follow(c, now);
            channels.<Object, Object>getConsumer(channel()).runOnPollingThread(keep).subscribe()
                    .with(again -> { }, failure -> LOG.debugf("%s not followed: %s", channel(), failure));
        } catch (RuntimeException e) {
            LOG.debugf("%s not followed: %s", channel(), e);
        }
    }

    /** {@code whole}: these are all the topic's partitions (a partition not among them is no longer waited for). */
    private synchronized void reading(Collection<TopicPartition> partitions, Map<TopicPartition, Long> begins,
            Map<TopicPartition, Long> ends, boolean whole) {
        progress.reading(begins, ends, whole);
        assigned = true;
        LOG.infof("reading %s from the start up to offsets %s", partitions, ends);
        check();
        if (!caughtUp && !asking) { // one probe asks each second until caught up, however often the read begins
            asking = true;
            probe.schedule(this::askPositions, 1, TimeUnit.SECONDS);
        }
    }

    /** The channel this listener belongs to, whose consumer's positions it asks for. */
    protected abstract String channel();

    private void askPositions() {
        if (caughtUp || channels == null) {
            return;
        }
        try {
            java.util.function.Function<Consumer<Object, Object>, Map<TopicPartition, Long>> ask = this::pastEndNow;
            channels.<Object, Object>getConsumer(channel()).runOnPollingThread(ask).subscribe()
                    .with(this::pastEnd, failure -> LOG.debugf("positions not read: %s", failure));
        } catch (RuntimeException e) {
            LOG.debugf("positions not read: %s", e);
        }
        if (!caughtUp) {
            probe.schedule(this::askPositions, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stopProbe() {
        probe.shutdownNow();
    }

    /** The record at this offset was read, whether it was accepted or refused. */
    public void read(String topic, int partition, long offset) {
        progress.applied(new TopicPartition(topic, partition), offset);
        if (!caughtUp) {
            check();
        }
    }

    /**
     * Waits, up to {@code wait}, until every record the topic holds now (its end offsets, asked on the consumer's
     * polling thread) has been read and applied: what a reader of the channel's state sees after that is at least as
     * new as the topic was when this was called, a re-read from the start after a new assignment included. False when
     * the channel is not assigned, Kafka does not answer, or the records are not read in time. (A compacted topic
     * keeps the last record of every partition: compaction never cleans the segment being written. A topic whose
     * last offset holds no record for the consumer, such as a transaction marker, is waited for until {@code wait}.)
     */
    public boolean readUpToNow(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<TopicPartition, Long> ends;
        if (channels == null) {
            return false;
        }
        // the polling thread waits for the broker at most a few seconds: it polls and resumes the channel too
        Duration ask = wait.compareTo(ASK_END_OFFSETS) < 0 ? wait : ASK_END_OFFSETS;
        java.util.function.Function<Consumer<Object, Object>, Map<TopicPartition, Long>> endOffsets =
                consumer -> consumer.endOffsets(consumer.assignment(), ask);
        try {
            ends = channels.<Object, Object>getConsumer(channel()).runOnPollingThread(endOffsets).await().atMost(wait);
        } catch (RuntimeException e) {
            LOG.debugf("end offsets of %s not read: %s", channel(), e);
            return false;
        }
        return !ends.isEmpty() && awaitApplied(ends, deadline);
    }

    /** Waits until a record at or past {@code end - 1} was applied in every partition, or the deadline passed. */
    boolean awaitApplied(Map<TopicPartition, Long> ends, long deadline) {
        return progress.awaitApplied(ends, deadline);
    }

    /** On the polling thread, from {@link ReturnedRecords}: a poll returned the record at this offset. */
    void returned(TopicPartition tp, long offset) {
        progress.returned(tp, offset);
    }

    /** From {@link ReturnedRecords}: the channel's consumer tells what its polls return. */
    void watched() {
        progress.watch();
    }

    /**
     * On the polling thread: the partitions whose position passed their end, each with what has to be applied for it
     * to count as read. A partition may end in offsets that hold no record to read (a transaction marker, records
     * deleted), so only the position shows the end was reached; but the position moves when a poll returns records,
     * before they are applied. The probe asks this each second until the channel has caught up.
     */
    public Map<TopicPartition, Long> pastEndNow(Consumer<?, ?> consumer) {
        if (!progress.watched() && !toldUnwatched) {
            toldUnwatched = true;
            LOG.warnf("the consumer of the channel %s does not run %s (its interceptor.classes is set elsewhere): a "
                    + "partition that ends in offsets holding no record (a transaction marker) will not count as "
                    + "read, and the service waits for it; leave interceptor.classes of this channel unset, or list "
                    + "%s in it", channel(), ReturnedRecords.class.getName(), ReturnedRecords.class.getName());
        }
        return progress.pastEnd(consumer);
    }

    /** Whether the channel's consumer tells which records its polls return ({@link ReturnedRecords}). */
    public boolean toldWhatPollsReturn() {
        return progress.watched();
    }

    /** What {@link #pastEndNow} told: the channel has caught up once those records too are applied. */
    public synchronized void pastEnd(Map<TopicPartition, Long> due) {
        progress.pastEnd(due);
        check();
    }

    private synchronized void check() {
        if (caughtUp || !assigned) {
            return;
        }
        if (progress.readToEnd()) {
            caughtUp = true;
            LOG.infof("read every record of %s known at start", progress.ends().keySet());
            whenCaughtUp.forEach(Runnable::run);
        }
    }

    /** Runs {@code then} once the channel has caught up (at once if it has). */
    public void onCaughtUp(Runnable then) {
        whenCaughtUp.add(then);
        if (caughtUp) {
            then.run();
        }
    }

    /** True once every record known when the partitions were assigned was read; stays true. */
    public boolean caughtUp() {
        return caughtUp;
    }
}
