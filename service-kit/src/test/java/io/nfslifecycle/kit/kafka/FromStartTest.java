package io.nfslifecycle.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A topic read from the start tells once when it has read what the topic held at assignment. */
class FromStartTest {
    private static final TopicPartition P0 = new TopicPartition("nfs-lifecycle.exports", 0);

    private static FromStart fromStart() {
        return new FromStart() {
            @Override
            protected String channel() {
                return "exports";
            }
        };
    }

    @Test
    void anAssignmentOfNoPartitionIsNotTheEndOfTheTopic() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        FromStart progress = fromStart();

        // the group met while the topic did not exist yet
        progress.onPartitionsAssigned(consumer, List.of());
        assertThat(progress.caughtUp()).isFalse();

        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 1L));
        progress.onPartitionsAssigned(consumer, List.of(P0));
        assertThat(progress.caughtUp()).isFalse();
        progress.read(P0.topic(), 0, 0);
        assertThat(progress.caughtUp()).isTrue();
        progress.stopProbe();
    }

    @Test
    void whoWaitsForTheEndIsToldOnceWhenItIsReadAndWhoComesLaterAtOnce() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 2L));
        FromStart progress = fromStart();
        AtomicInteger told = new AtomicInteger();
        progress.onCaughtUp(told::incrementAndGet);

        progress.onPartitionsAssigned(consumer, List.of(P0));
        progress.read(P0.topic(), 0, 0);
        assertThat(told).as("one record of two read").hasValue(0);
        progress.read(P0.topic(), 0, 1);
        progress.read(P0.topic(), 0, 2);

        assertThat(progress.caughtUp()).isTrue();
        assertThat(told).as("told once").hasValue(1);
        AtomicInteger later = new AtomicInteger();
        progress.onCaughtUp(later::incrementAndGet);
        assertThat(later).as("told at once").hasValue(1);
        progress.stopProbe();
    }

    @Test
    void whoWaitsForTheRecordsOfNowReturnsOnceTheyAreAppliedAndNotBefore() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 3L)); // the records before 3 were deleted (retention)
        consumer.updateEndOffsets(Map.of(P0, 3L));
        FromStart progress = fromStart();
        progress.onPartitionsAssigned(consumer, List.of(P0));
        assertThat(progress.awaitApplied(Map.of(P0, 3L), System.nanoTime())).as("nothing to read up to 3").isTrue();

        // the topic holds 5 records now; one more is applied while a reader waits for them
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(
                () -> progress.awaitApplied(Map.of(P0, 5L), System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
        progress.read(P0.topic(), 0, 3);
        assertThat(waited).as("offset 4 not applied yet").isNotDone();
        assertThat(progress.awaitApplied(Map.of(P0, 5L), System.nanoTime())).as("no time left").isFalse();
        progress.read(P0.topic(), 0, 4);

        assertThat(waited.get(1, TimeUnit.MINUTES)).isTrue();

        // assigned again (a rebalance): the topic is read from the start again, and waited for again
        progress.onPartitionsAssigned(consumer, List.of(P0));
        assertThat(progress.awaitApplied(Map.of(P0, 5L), System.nanoTime())).as("read again up to 3 only").isFalse();
        progress.read(P0.topic(), 0, 3);
        progress.read(P0.topic(), 0, 4);
        assertThat(progress.awaitApplied(Map.of(P0, 5L), System.nanoTime())).isTrue();
        progress.stopProbe();
    }

    @Test
    void aPositionPastTheEndCountsOnlyOnceTheRecordsItsPollsReturnedAreApplied() {
        MockConsumer<String, byte[]> consumer = endingAt(3);
        FromStart progress = fromStart();
        progress.onPartitionsAssigned(consumer, List.of(P0));
        watched(progress);

        // a poll returned the three records: the position is at the end, the records are on their way
        returned(progress, 0, 1, 2);
        positionAt(consumer, progress, 3);
        assertThat(progress.caughtUp()).as("returned, not applied").isFalse();
        progress.read(P0.topic(), 0, 0);
        progress.read(P0.topic(), 0, 1);
        assertThat(progress.caughtUp()).isFalse();
        progress.read(P0.topic(), 0, 2);
        assertThat(progress.caughtUp()).isTrue();
        progress.stopProbe();
    }

    @Test
    void aPartitionEndingInOffsetsThatHoldNoRecordIsReadOnceItsLastRecordIsApplied() {
        MockConsumer<String, byte[]> consumer = endingAt(4);
        FromStart progress = fromStart();
        progress.onPartitionsAssigned(consumer, List.of(P0));
        watched(progress);

        // offsets 2 and 3 are transaction markers: the polls return 0 and 1, the position goes to 4
        returned(progress, 0, 1);
        positionAt(consumer, progress, 4);
        progress.read(P0.topic(), 0, 0);
        assertThat(progress.caughtUp()).isFalse();
        progress.read(P0.topic(), 0, 1);
        assertThat(progress.caughtUp()).isTrue();
        progress.stopProbe();
    }

    @Test
    void aReadBegunAgainForgetsWhatCountedBefore() {
        TopicPartition p1 = new TopicPartition(P0.topic(), 1);
        MockConsumer<String, byte[]> consumer = endingAt(4);
        consumer.assign(List.of(P0, p1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, p1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 4L, p1, 1L));
        FromStart progress = fromStart();
        progress.onPartitionsAssigned(consumer, List.of(P0, p1));
        watched(progress);
        // partition 0 counts as read: its records 0 and 1 applied, 2 and 3 are markers
        returned(progress, 0, 1);
        positionAt(consumer, progress, 4);
        progress.read(P0.topic(), 0, 0);
        progress.read(P0.topic(), 0, 1);

        // assigned again before partition 1 was read: partition 0 holds two more records now, read from the start
        consumer.updateEndOffsets(Map.of(P0, 6L, p1, 1L));
        progress.onPartitionsAssigned(consumer, List.of(P0, p1));
        progress.read(P0.topic(), 1, 0);
        progress.read(P0.topic(), 0, 0);
        progress.read(P0.topic(), 0, 1);
        assertThat(progress.caughtUp()).as("partition 0 is read again up to 6, not to 2").isFalse();
        for (long offset = 2; offset < 6; offset++) {
            progress.read(P0.topic(), 0, offset);
        }
        assertThat(progress.caughtUp()).isTrue();
        progress.stopProbe();
    }

    @Test
    void withoutItsInterceptorAPositionPastTheEndNeverCounts() {
        MockConsumer<String, byte[]> consumer = endingAt(4);
        FromStart progress = fromStart();
        progress.onPartitionsAssigned(consumer, List.of(P0));

        positionAt(consumer, progress, 4);
        progress.read(P0.topic(), 0, 0);
        progress.read(P0.topic(), 0, 1);
        assertThat(progress.caughtUp()).as("what the polls returned is not known").isFalse();
        assertThat(progress.toldWhatPollsReturn()).isFalse();
        progress.stopProbe();
    }

    private static MockConsumer<String, byte[]> endingAt(long end) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, end));
        return consumer;
    }

    /** The consumer's position is now {@code position}, and the probe asks for it on the polling thread. */
    private static void positionAt(MockConsumer<String, byte[]> consumer, FromStart progress, long position) {
        consumer.seek(P0, position);
        progress.pastEnd(progress.pastEndNow(consumer));
    }

    private static void watched(FromStart progress) {
        ReturnedRecords.register("exports", progress);
    }

    /** A poll returned these records: the interceptor Kafka made from the channel's settings sees them. */
    private static void returned(FromStart progress, long... offsets) {
        ReturnedRecords interceptor = new ReturnedRecords();
        interceptor.configure(Map.of(ReturnedRecords.CHANNEL, "exports"));
        List<ConsumerRecord<Object, Object>> records = new java.util.ArrayList<>();
        for (long offset : offsets) {
            records.add(new ConsumerRecord<>(P0.topic(), P0.partition(), offset, "k", new byte[0]));
        }
        interceptor.onConsume(new ConsumerRecords<>(Map.of(P0, records), Map.of()));
    }
}
