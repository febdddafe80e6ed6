package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.TemporaryExportRoot;
import io.nfslifecycle.kit.kafka.DeadLetterRecord;
import io.nfslifecycle.localkafka.Flood;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** A buggy or hostile producer on the claims topic, on the broker's default limits: the claims keep being served. */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class FloodTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");
    private static final int VALID = 100;
    private static final int BAD = 10_000;

    @Test
    void tenThousandBadRecordsNeverStopTheClaimsAndEachIsDeadLetteredOrAnswered() {
        List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
        Set<String> uids = new java.util.HashSet<>();
        for (int i = 0; i < VALID; i++) {
            ClaimRequested claim = Claims.requested(UUID.randomUUID().toString(), "flood", "claim-" + i, Claims.GIB,
                    OnDelete.ARCHIVE, "", Map.of(), Map.of(), TemporaryExportRoot.SERVER);
            uids.add(claim.claimUid());
            valid.add(WATCHER.toProducerRecord(claim));
        }
        Map<Integer, Long> before = Flood.endOffsets(LocalKafkaResource.broker(), Topics.CLAIMS);

        Flood.Sent sent = Flood.send(LocalKafkaResource.bootstrapServers(), valid, BAD, 7);

        assertThat(sent.byKind()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(sent.refusedByBroker()).isPositive();
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS);
                TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                        Topics.deadLetter(Topics.EXPORT_MANAGER))) {
            await().atMost(WAIT).until(() -> exports.received().stream()
                    .filter(r -> EventTypes.EXPORT_READY.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                    .map(ConsumerRecord::key).filter(uids::contains).collect(Collectors.toSet()).size() == VALID);
            await().atMost(WAIT).until(() -> ofThisFlood(dlq, before).size(), n -> n >= sent.badOnTopic());
            List<ConsumerRecord<String, byte[]>> ours = ofThisFlood(dlq, before);
            assertThat(ours.size()).isEqualTo(sent.badOnTopic());
            assertThat(ours).allSatisfy(r -> assertThat(TopicProbe.headers(r)).containsKey(DeadLetterRecord.REASON));
            assertThat(ours).anySatisfy(r -> assertThat(TopicProbe.headers(r))
                    .containsEntry(DeadLetterRecord.VALUE_TRUNCATED, Integer.toString(Flood.JUST_UNDER_LIMIT)));
            assertThat(ours).allSatisfy(r -> assertThat(TopicProbe.headers(r).get(DeadLetterRecord.REASON))
                    .doesNotContain("\n").doesNotContain("\0").doesNotContain("[Source"));
            assertThat(exports.received()).anySatisfy(r -> assertThat(TopicProbe.headers(r).get(EventCodec.CE_TYPE))
                    .isEqualTo(EventTypes.EXPORT_FAILED)).anySatisfy(r -> {
                        if (EventTypes.EXPORT_FAILED.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE))) {
                            assertThat(((ExportFailed) EventCodec.decode(r)).code()).isEqualTo(ExportFailed.INVALID_EVENT);
                        } else {
                            throw new AssertionError("not an answer");
                        }
                    });
        }
        RestAssured.get("/q/health/live").then().statusCode(200);
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain("io.evil.thing");
    }

    private static List<ConsumerRecord<String, byte[]>> ofThisFlood(TopicProbe dlq, Map<Integer, Long> before) {
        return Flood.deadLettersSince(dlq.received(), Topics.CLAIMS, before);
    }
}
