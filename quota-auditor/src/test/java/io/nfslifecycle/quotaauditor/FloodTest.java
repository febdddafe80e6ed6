package io.nfslifecycle.quotaauditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.Flood;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A buggy or hostile producer on the exports topic: the auditor's view takes every valid record, refuses the rest. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class FloodTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");
    private static final int VALID = 100;
    private static final int BAD = 10_000;

    @Inject
    ExportView view;

    @Test
    void tenThousandBadExportRecordsNeverStopTheAuditor() {
        List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
        Set<String> uids = new java.util.HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < VALID; i++) {
            String uid = UUID.randomUUID().toString();
            uids.add(uid);
            valid.add(EXPORT_MANAGER.toProducerRecord(new ExportReady(new ExportRecord(uid, "flood", "claim-" + i,
                    "pvc-" + uid, "nfs-1", "10.0.0.5", "/mnt/data/flood-claim-" + i, 1L << 30,
                    List.of("ReadWriteMany"), OnDelete.ARCHIVE, ExportPhase.READY, "", now, now))));
        }
        Map<Integer, Long> before = Flood.endOffsets(LocalKafkaResource.broker(), Topics.EXPORTS);

        Flood.Sent sent = Flood.send(LocalKafkaResource.bootstrapServers(), valid, BAD, 13);

        assertThat(sent.byKind()).hasSizeGreaterThanOrEqualTo(12);
        await().atMost(WAIT).until(() -> view.exports().stream().map(ExportRecord::claimUid)
                .filter(uids::contains).collect(Collectors.toSet()).size() == VALID);
        try (TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                Topics.deadLetter(Topics.QUOTA_AUDITOR))) {
            await().atMost(WAIT).until(() -> Flood.deadLettersSince(dlq.received(), Topics.EXPORTS, before).size(),
                    n -> n >= sent.badOnTopic());
            List<ConsumerRecord<String, byte[]>> ours = Flood.deadLettersSince(dlq.received(), Topics.EXPORTS, before);
            assertThat(ours.size()).isEqualTo(sent.badOnTopic());
        }
        RestAssured.get("/q/health/live").then().statusCode(200);
    }
}
