package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.TemporaryExportRoot;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** The whole service on the real broker and a real export root: what the claim watcher and a user would see. */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class ClaimsOverKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    private static String bootstrap() {
        return LocalKafkaResource.bootstrapServers();
    }

    private static void send(Event event) {
        TopicProbe.produce(bootstrap(), WATCHER.toProducerRecord(event));
    }

    private static ClaimRequested claim(String name, OnDelete onDelete) {
        String uid = UUID.randomUUID().toString();
        return Claims.requested(uid, "shop", name, Claims.GIB, onDelete, "", Map.of(), Map.of(),
                TemporaryExportRoot.SERVER);
    }

    @Test
    void aRequestBecomesADirectoryARecordAndExportReady() throws Exception {
        ClaimRequested claim = claim("orders", OnDelete.ARCHIVE);

        send(claim);

        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            ConsumerRecord<String, byte[]> record = exports.await(EventTypes.EXPORT_READY, claim.claimUid(), WAIT);
            assertThat(TopicProbe.headers(record)).containsEntry("ce_subject", "shop/orders")
                    .containsEntry("ce_source", "/nfs-lifecycle/export-manager/" + TemporaryExportRoot.SERVER);
            ExportReady ready = (ExportReady) EventCodec.decode(record);
            String leaf = "shop-orders-" + claim.volumeName();
            assertThat(ready.export().path()).isEqualTo("/mnt/data/" + leaf);
            assertThat(ready.export().nfsHost()).isEqualTo("nfs.test.example");
            assertThat(ready.export().requestedBytes()).isEqualTo(Claims.GIB);
            assertThat(TemporaryExportRoot.root().resolve(leaf)).isDirectory();
            assertThat(io.nfslifecycle.exportmanager.store.ExportStore.read(TemporaryExportRoot.state()))
                    .as("the record, on disk").anyMatch(r -> r.claimUid().equals(claim.claimUid()));
        }
    }

    @Test
    void publishesCapacityAfterEveryChange() {
        ClaimRequested claim = claim("counted", OnDelete.ARCHIVE);
        long sentAt = System.currentTimeMillis();

        send(claim);

        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS);
                TopicProbe capacity = TopicProbe.fromStart(bootstrap(), Topics.CAPACITY)) {
            exports.await(EventTypes.EXPORT_READY, claim.claimUid(), WAIT);
            long provisioned = RestAssured.get("/api/v1/capacity").jsonPath().getLong("provisionedBytes");
            ConsumerRecord<String, byte[]> report = capacity.await(r -> TemporaryExportRoot.SERVER.equals(r.key())
                    && r.timestamp() >= sentAt && ((CapacityReported) EventCodec.decode(r)).provisionedBytes() >= provisioned, WAIT);
            CapacityReported reported = (CapacityReported) EventCodec.decode(report);
            assertThat(reported.exportCount()).isPositive();
            assertThat(reported.totalBytes()).isPositive();
            assertThat(reported.overcommitRatio()).isEqualTo(1.0);
        }
    }

    @Test
    void theSameRequestTwiceGivesOneDirectoryAndTwoIdenticalResults() throws Exception {
        ClaimRequested claim = claim("twice", OnDelete.ARCHIVE);

        send(claim);
        send(claim);

        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            List<ConsumerRecord<String, byte[]>> results = await().atMost(WAIT).until(
                    () -> exports.received().stream().filter(r -> claim.claimUid().equals(r.key())).toList(),
                    list -> list.size() >= 2);
            assertThat(results).hasSize(2);
            assertThat(TopicProbe.value(results.get(1))).isEqualTo(TopicProbe.value(results.get(0)));
            assertThat(TopicProbe.headers(results.get(1)).get("ce_type")).isEqualTo(EventTypes.EXPORT_READY);
            try (var entries = Files.list(TemporaryExportRoot.root())) {
                assertThat(entries.filter(p -> p.getFileName().toString().contains(claim.claimUid()))).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OnDelete.class)
    void aReleaseReclaimsTheDirectoryAsTheStorageClassSaysAndPublishesExportReclaimed(OnDelete onDelete)
            throws Exception {
        ClaimRequested claim = claim("released-" + onDelete.name().toLowerCase(), onDelete);
        send(claim);
        String leaf = "shop-" + claim.claimName() + "-" + claim.volumeName();
        await().atMost(WAIT).until(() -> Files.isDirectory(TemporaryExportRoot.root().resolve(leaf)));
        Files.writeString(TemporaryExportRoot.root().resolve(leaf).resolve("data"), "written by a pod");

        send(Claims.released(claim));

        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            ExportReclaimed reclaimed = (ExportReclaimed) EventCodec.decode(
                    exports.await(EventTypes.EXPORT_RECLAIMED, claim.claimUid(), WAIT));
            switch (onDelete) {
                case ARCHIVE:
                    assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
                    assertThat(reclaimed.finalPath()).isEqualTo("/mnt/data/archived-" + leaf);
                    assertThat(TemporaryExportRoot.root().resolve("archived-" + leaf).resolve("data"))
                            .hasContent("written by a pod");
                    assertThat(TemporaryExportRoot.root().resolve(leaf)).doesNotExist();
                    break;
                case DELETE:
                    assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.DELETED);
                    assertThat(reclaimed.finalPath()).isEmpty();
                    assertThat(TemporaryExportRoot.root().resolve(leaf)).doesNotExist();
                    break;
                default:
                    assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.RETAINED);
                    assertThat(reclaimed.finalPath()).isEqualTo("/mnt/data/" + leaf);
                    assertThat(TemporaryExportRoot.root().resolve(leaf).resolve("data")).hasContent("written by a pod");
                    break;
            }
        }
    }

    @Test
    void aReleaseWithAnotherUidTouchesNothingAndSaysWhy() throws Exception {
        ClaimRequested claim = claim("kept", OnDelete.DELETE);
        send(claim);
        String leaf = "shop-kept-" + claim.volumeName();
        await().atMost(WAIT).until(() -> Files.isDirectory(TemporaryExportRoot.root().resolve(leaf)));
        Files.writeString(TemporaryExportRoot.root().resolve(leaf).resolve("data"), "precious");

        String impostor = UUID.randomUUID().toString();
        send(new ClaimReleased(impostor, "shop", "kept", claim.volumeName(), TemporaryExportRoot.SERVER));

        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            // answered to the claim that asked, under its own key
            ExportFailed failed = (ExportFailed) EventCodec.decode(exports.await(
                    EventTypes.EXPORT_FAILED, impostor, WAIT));
            assertThat(failed.code()).isEqualTo(ExportFailed.UID_MISMATCH);
            assertThat(failed.message()).contains("nothing was touched");
        }
        RestAssured.get("/api/v1/exports/shop/kept").then().statusCode(200)
                .body("phase", org.hamcrest.Matchers.equalTo("READY"));
        assertThat(TemporaryExportRoot.root().resolve(leaf).resolve("data")).hasContent("precious");
    }

    @Test
    void impossibleEventsGoToTheDeadLetterTopicWithTheReasonAndDoNotBlockThePartition() {
        String uid = UUID.randomUUID().toString();
        ClaimRequested good = Claims.requested(uid, "shop", "after-bad-ones", Claims.GIB, OnDelete.ARCHIVE, "",
                Map.of(), Map.of(), TemporaryExportRoot.SERVER);
        ProducerRecord<String, byte[]> valid = WATCHER.toProducerRecord(good);
        String json = new String(valid.value(), StandardCharsets.UTF_8);

        produce(valid, json.replace("\"requestedBytes\":" + Claims.GIB, "\"requestedBytes\":-5"));
        produce(valid, json.replace("\"claimName\":\"after-bad-ones\"", "\"claimName\":\"../../etc\""));
        produce(valid, json.replace("\"serverId\":\"" + TemporaryExportRoot.SERVER + "\"", "\"serverId\":\"nfs-x\""));
        produce(valid, "{ not json");
        send(Claims.released(Claims.requested(UUID.randomUUID().toString(), "shop", "never-seen", Claims.GIB,
                OnDelete.DELETE, "", Map.of(), Map.of(), TemporaryExportRoot.SERVER)));
        send(good);

        try (TopicProbe dlq = TopicProbe.fromStart(bootstrap(), Topics.deadLetter(Topics.EXPORT_MANAGER));
                TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            exports.await(EventTypes.EXPORT_READY, uid, WAIT);
            List<String> reasons = await().atMost(WAIT).until(() -> dlq.received().stream()
                    .filter(r -> uid.equals(r.key()))
                    .map(r -> TopicProbe.headers(r).get("dead-letter-reason")).toList(), list -> list.size() >= 4);
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("requestedBytes", "positive"))
                    .anySatisfy(r -> assertThat(r).contains("claimName", "DNS subdomain"))
                    .anySatisfy(r -> assertThat(r).contains("serverId", "no known NFS server"))
                    .anySatisfy(r -> assertThat(r).contains("not JSON"));
            assertThat(dlq.await(r -> TopicProbe.headers(r).getOrDefault("dead-letter-reason", "")
                    .contains("names no export"), WAIT)).isNotNull();
        }
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("nfs_lifecycle_events_refused_total{field=\"requestedBytes\"}")
                .contains("nfs_lifecycle_events_refused_total{field=\"claimName\"}");
    }

    @Test
    void eachClaimsEventsAreHandledInTheirOrderWhileClaimsRunSideBySide() throws Exception {
        // request, resize and release of 30 claims, sent back to back: the workers run different claims at once,
        // but a claim's release handled before its request would be refused ("names no export")
        List<ClaimRequested> claims = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap())) {
            for (int i = 0; i < 30; i++) {
                ClaimRequested claim = claim("in-order-" + i, OnDelete.DELETE);
                claims.add(claim);
                producer.send(WATCHER.toProducerRecord(claim));
                producer.send(WATCHER.toProducerRecord(Claims.resized(claim, 2 * Claims.GIB)));
                producer.send(WATCHER.toProducerRecord(Claims.released(claim)));
            }
            producer.flush();
        }
        try (TopicProbe exports = TopicProbe.fromStart(bootstrap(), Topics.EXPORTS)) {
            for (ClaimRequested claim : claims) {
                ConsumerRecord<String, byte[]> last = exports.await(EventTypes.EXPORT_RECLAIMED, claim.claimUid(),
                        WAIT);
                List<String> types = exports.received().stream().filter(r -> claim.claimUid().equals(r.key()))
                        .map(r -> TopicProbe.headers(r).get(EventCodec.CE_TYPE)).toList();
                assertThat(types).as("results of %s", claim.claimName()).containsExactly(EventTypes.EXPORT_READY,
                        EventTypes.EXPORT_RESIZED, EventTypes.EXPORT_RECLAIMED);
                ExportReclaimed reclaimed = (ExportReclaimed) EventCodec.decode(last);
                assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.DELETED);
                assertThat(reclaimed.export().requestedBytes()).isEqualTo(2 * Claims.GIB);
            }
        }
    }

    @Test
    void eventsForAPeerServerAreSkippedAndCounted() {
        ClaimRequested forPeer = Claims.requested(UUID.randomUUID().toString(), "shop", "elsewhere", Claims.GIB,
                OnDelete.ARCHIVE, "", Map.of(), Map.of(), "nfs-2");

        send(forPeer);

        await().atMost(WAIT).untilAsserted(() -> assertThat(RestAssured.get("/q/metrics").asString())
                .contains("nfs_lifecycle_claim_events_total{outcome=\"other-server\",type=\""
                        + EventTypes.CLAIM_REQUESTED + "\"}"));
        assertThat(TemporaryExportRoot.root().resolve("shop-elsewhere-" + forPeer.volumeName())).doesNotExist();
    }

    @Test
    void exposesExportsCapacityAndProvisioningMetrics() {
        ClaimRequested claim = claim("measured", OnDelete.ARCHIVE);
        send(claim);
        await().atMost(WAIT).until(() -> RestAssured.get("/api/v1/exports/shop/measured").statusCode() == 200);

        String metrics = await().atMost(WAIT).until(() -> RestAssured.get("/q/metrics").asString(),
                text -> text.contains("nfs_lifecycle_claim_event_duration_seconds_bucket")
                        && text.matches("(?s).*nfs_lifecycle_claim_event_duration_seconds_bucket\\{[^}]*le=\"600.0\".*"));

        String server = "server=\"" + TemporaryExportRoot.SERVER + "\"";
        assertThat(metrics)
                .containsPattern("nfs_lifecycle_exports\\{phase=\"READY\"," + server + "\\} [1-9]")
                .contains("nfs_lifecycle_exports{phase=\"DELETED\"," + server + "}")
                .contains("nfs_lifecycle_claim_events_total{outcome=\"ready\",type=\"" + EventTypes.CLAIM_REQUESTED)
                .contains("nfs_lifecycle_events_published_total{type=\"" + EventTypes.EXPORT_READY + "\"}")
                .containsPattern("nfs_lifecycle_volume_capacity_bytes\\{" + server + "\\} [1-9]")
                .contains("nfs_lifecycle_volume_used_bytes{" + server + "}")
                .contains("nfs_lifecycle_volume_free_bytes{" + server + "}")
                .containsPattern("nfs_lifecycle_volume_provisioned_bytes\\{" + server + "\\} [1-9]");
    }

    private static void produce(ProducerRecord<String, byte[]> template, String value) {
        TopicProbe.produce(bootstrap(), new ProducerRecord<>(template.topic(), null, template.key(),
                value.getBytes(StandardCharsets.UTF_8), template.headers()));
    }
}
