package io.nfslifecycle.quotaauditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.kafka.ReturnedRecords;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.kafka.ExportsFromStart;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * What an audit waits for after its walk: once the exports topic is read up to now, the view holds every export
 * record the broker acknowledged before, a burst of them too (the view's consumer takes a few polls to read it, each
 * fetch waiting for 50 ms or 64 KiB of records).
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class ViewUpToNowTest {
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");
    private static final int BURST = 3000;

    @Inject
    ExportView view;

    @Inject
    ExportsFromStart exportsRead;

    @Inject
    KafkaClientService channels;

    @Test
    void afterReadingUpToNowTheViewHoldsEveryExportAcknowledgedBefore() throws Exception {
        await().atMost(Duration.ofMinutes(1)).until(exportsRead::caughtUp);
        // a burst: more records than one poll takes, all acknowledged before the view is asked
        List<String> uids = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            ExportRecord export = AuditorFixture.export(UUID.randomUUID().toString(), "burst", "claim-" + i, 1000);
            uids.add(export.claimUid());
            burst.add(EXPORT_MANAGER.toProducerRecord(new ExportReady(export)));
        }
        try {
            send(burst);

            assertThat(exportsRead.readUpToNow(Duration.ofSeconds(30))).isTrue();

            assertThat(uids).allMatch(held()::contains);
        } finally {
            // tombstones for them (the other tests' audits find none of these claims), read up to now the same way
            send(uids.stream().map(uid -> new ProducerRecord<String, byte[]>(Topics.EXPORTS, uid, null)).toList());
        }
        assertThat(exportsRead.readUpToNow(Duration.ofSeconds(30))).isTrue();
        assertThat(held()).doesNotContainAnyElementsOf(uids);
    }

    @Test
    void theChannelsConsumerTellsWhichRecordsItsPollsReturn() {
        await().atMost(Duration.ofMinutes(1)).until(exportsRead::caughtUp);

        // without it, a position past the end would count as read before the records polled are applied
        Map<String, Object> settings = new HashMap<>(channels.getConsumer("exports").configuration());
        assertThat(settings)
                .containsEntry(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ReturnedRecords.class.getName())
                .containsEntry(ReturnedRecords.CHANNEL, "exports");
        assertThat(exportsRead.toldWhatPollsReturn()).as("Kafka made the interceptor, which found its listener")
                .isTrue();
    }

    private Set<String> held() {
        return view.exports().stream().map(ExportRecord::claimUid).collect(Collectors.toSet());
    }

    /** Sends the records and waits for the broker's acknowledgement of each. */
    private static void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(LocalKafkaResource.bootstrapServers())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
