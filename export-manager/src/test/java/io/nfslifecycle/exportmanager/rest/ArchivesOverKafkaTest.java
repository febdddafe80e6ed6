package io.nfslifecycle.exportmanager.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
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

/**
 * The recycle bin through the service's own inputs and outputs: claims over Kafka, archives over REST, answers on
 * the exports topic. Restore into a new claim, purge now (behind the token), extend, and expiry.
 */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class ArchivesOverKafkaTest {
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BEARER = "Bearer " + TemporaryExportRoot.API_TOKEN;

    private static void send(Object event) {
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(),
                WATCHER.toProducerRecord((io.nfslifecycle.events.Event) event));
    }

    private static ClaimRequested claim(String namespace, String name, String retention) {
        return Claims.requested(UUID.randomUUID().toString(), namespace, name, Claims.GIB, OnDelete.ARCHIVE, "",
                java.util.Map.of(), java.util.Map.of(), TemporaryExportRoot.SERVER).retainingArchiveFor(retention);
    }

    /** The claim made, a file written into it, the claim released; returns the archive's id. */
    private static String archived(ClaimRequested claim, String content) throws Exception {
        send(claim);
        String path = "/api/v1/exports/" + claim.namespace() + "/" + claim.claimName();
        await().atMost(WAIT).until(() -> "READY".equals(RestAssured.get(path).jsonPath().getString("phase")));
        Path dir = TemporaryExportRoot.root().resolve(RestAssured.get(path).jsonPath().getString("directory"));
        Files.writeString(dir.resolve("kept.txt"), content);
        send(Claims.released(claim));
        await().atMost(WAIT).until(() -> RestAssured.get("/api/v1/archives/" + claim.claimUid()).statusCode() == 200);
        return claim.claimUid();
    }

    @Test
    void anArchiveIsListedAndRestoredIntoANewClaimWithItsData() throws Exception {
        String id = archived(claim("bin-a", "data", ""), "written before the delete");
        given().queryParam("namespace", "bin-a").get("/api/v1/archives").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id)).body("items[0].state", equalTo("kept"))
                .body("items[0].claimName", equalTo("data"));
        given().get("/api/v1/archives/no-such-archive").then().statusCode(404)
                .body("detail", containsString("no archive no-such-archive"));
        given().queryParam("state", "gone").get("/api/v1/archives").then().statusCode(400);

        ClaimRequested restore = claim("bin-a", "data-back", "").restoringFrom(id);
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            send(restore);
            exports.await(EventTypes.EXPORT_READY, restore.claimUid(), WAIT);
        }

        String directory = RestAssured.get("/api/v1/exports/bin-a/data-back").jsonPath().getString("directory");
        assertThat(TemporaryExportRoot.root().resolve(directory).resolve("kept.txt"))
                .hasContent("written before the delete");
        given().get("/api/v1/archives/" + id).then().statusCode(200).body("state", equalTo("restored"))
                .body("restoredTo", equalTo(restore.claimUid()));
        ClaimRequested again = claim("bin-a", "data-again", "").restoringFrom(id);
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            send(again);
            assertThat(TopicProbe.value(exports.await(EventTypes.EXPORT_FAILED, again.claimUid(), WAIT)))
                    .contains("RESTORE_SOURCE", "restored already");
        }
    }

    @Test
    void anArchiveIsPurgedNowOnlyWithTheTokenAndSaidOnTheExportsTopic() throws Exception {
        String id = archived(claim("bin-b", "data", ""), "soon gone");
        Path archive = TemporaryExportRoot.root().resolve(RestAssured.get("/api/v1/archives/" + id).jsonPath()
                .getString("directory"));

        given().delete("/api/v1/archives/" + id).then().statusCode(401);
        given().header("Authorization", "Bearer wrong").delete("/api/v1/archives/" + id).then().statusCode(401);
        assertThat(archive.resolve("kept.txt")).exists();

        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            given().header("Authorization", BEARER).delete("/api/v1/archives/" + id).then().statusCode(202);
            assertThat(TopicProbe.value(exports.await(EventTypes.EXPORT_PURGED, id, WAIT))).contains("operator");
        }
        assertThat(archive).doesNotExist();
        given().get("/api/v1/archives/" + id).then().statusCode(200).body("state", equalTo("purged"))
                .body("purgeReason", equalTo("operator"));
        given().header("Authorization", BEARER).delete("/api/v1/archives/" + id).then().statusCode(409);
    }

    @Test
    void aRetentionIsOnlyExtendedAndAnExpiredArchiveIsPurgedByTheSweep() throws Exception {
        String kept = archived(claim("bin-c", "kept", "1h"), "kept longer");
        String body = "{\"retention\": \"30d\"}";
        given().contentType("application/json").body(body).post("/api/v1/archives/" + kept + "/retention")
                .then().statusCode(401);
        given().header("Authorization", BEARER).contentType("application/json").body(body)
                .post("/api/v1/archives/" + kept + "/retention").then().statusCode(200)
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", BEARER).contentType("application/json").body("{\"retention\": \"1d\"}")
                .post("/api/v1/archives/" + kept + "/retention").then().statusCode(409)
                .body("detail", containsString("only ever extends"));
        given().header("Authorization", BEARER).contentType("application/json").body("{\"retention\": \"soon\"}")
                .post("/api/v1/archives/" + kept + "/retention").then().statusCode(400);

        ClaimRequested brief = claim("bin-c", "brief", "1s");
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            archived(brief, "expires");
            assertThat(TopicProbe.value(exports.await(EventTypes.EXPORT_PURGED, brief.claimUid(), WAIT)))
                    .contains("expired");
        }
        given().queryParam("namespace", "bin-c").queryParam("state", "kept").get("/api/v1/archives").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(kept));
    }
}
