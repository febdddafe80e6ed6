package io.nfslifecycle.exportmanager.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.TemporaryExportRoot;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class ExportStateOverRestTest {
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    private static boolean given;

    @BeforeEach
    void threeClaimsInNamespaceRestOneTooBig() {
        if (given) {
            return;
        }
        given = true;
        for (String name : new String[] {"a", "b", "c"}) {
            send(Claims.requested(UUID.randomUUID().toString(), "rest", name, Claims.GIB, OnDelete.ARCHIVE, "",
                    Map.of(), Map.of(), TemporaryExportRoot.SERVER));
        }
        send(Claims.requested(UUID.randomUUID().toString(), "rest", "huge", Long.MAX_VALUE / 2, OnDelete.ARCHIVE, "",
                Map.of(), Map.of(), TemporaryExportRoot.SERVER));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/api/v1/exports?namespace=rest")
                .jsonPath().getInt("total") == 4);
    }

    private static void send(ClaimRequested claim) {
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(), WATCHER.toProducerRecord(claim));
    }

    @Test
    void listsExportsOfANamespaceInPages() {
        given().queryParam("namespace", "rest").queryParam("phase", "ready").queryParam("size", 2)
                .get("/api/v1/exports")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(2))
                .body("items.claimName", org.hamcrest.Matchers.contains("a", "b"))
                .body("items.phase", everyItem(equalTo("READY")));
        given().queryParam("namespace", "rest").queryParam("phase", "READY").queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/v1/exports")
                .then().statusCode(200).body("items.claimName", org.hamcrest.Matchers.contains("c"));
    }

    @Test
    void filtersByPhase() {
        given().queryParam("namespace", "rest").queryParam("phase", "FAILED").get("/api/v1/exports")
                .then().statusCode(200).body("items.claimName", org.hamcrest.Matchers.contains("huge"))
                .body("items[0].reason", containsString("requested"));
    }

    @Test
    void showsOneClaimsExport() {
        given().get("/api/v1/exports/rest/b")
                .then().statusCode(200)
                .body("phase", equalTo("READY")).body("namespace", equalTo("rest")).body("claimName", equalTo("b"))
                .body("path", containsString("/mnt/data/rest-b-pvc-"))
                .body("nfsHost", equalTo("nfs.test.example"));
    }

    @Test
    void anUnknownClaimIsA404ProblemThatSaysWhatToCheck() {
        given().get("/api/v1/exports/rest/nope")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"))
                .body("detail", containsString("no export of claim rest/nope"))
                .body("detail", containsString("check the namespace and name"));
    }

    @Test
    void aBadPhaseFilterIsA400ProblemThatListsThePhases() {
        given().queryParam("phase", "SHINY").get("/api/v1/exports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'SHINY' is not a phase"))
                .body("detail", containsString("READY"));
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblemsToo() {
        given().get("/api/v1/nosuch").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("instance", equalTo("/api/v1/nosuch"))
                .body("detail", containsString("/q/openapi"));
        given().delete("/api/v1/exports").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405)).body("detail", containsString("/q/openapi"));
    }

    @Test
    void badPagingIsA400Problem() {
        given().queryParam("size", 0).get("/api/v1/exports").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("page", "x").get("/api/v1/exports").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("page must be a whole number"));
        given().queryParam("size", 501).get("/api/v1/exports").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("size must be"));
        given().queryParam("SIZE", "-1").get("/api/v1/exports").then().statusCode(400)
                .body("detail", containsString("size must be a whole number from 1 to 500 (was '-1')"));
        given().queryParam("Page", "x").get("/api/v1/archives").then().statusCode(400)
                .body("detail", containsString("page must be a whole number from 0 (was 'x')"));
        given().get("/api/v1/archives?namespace=&state=&expired=&page=0&size=50").then().statusCode(200);
        given().get("/api/v1/exports?page=&size=").then().statusCode(200).body("page", equalTo(0))
                .body("size", equalTo(50));
        given().queryParam("page", "1".repeat(80)).queryParam("size", "-1").get("/api/v1/exports").then()
                .statusCode(400).body("detail", equalTo("page must be a whole number from 0 (was '" + "1".repeat(60)
                        + "...'); size must be a whole number from 1 to 500 (was '-1'); GET /q/openapi lists the"
                        + " parameters of this service."));
        given().queryParam("expired", "maybe").get("/api/v1/archives").then().statusCode(400)
                .body("detail", containsString("expired must be true or false (was 'maybe')"));
        given().queryParam("page", "2").queryParam("size", "500").get("/api/v1/exports").then().statusCode(200);
    }

    @Test
    void aMigrationDryRunOfAnIncompleteListIsA400Problem() {
        Map<String, String> whole = Map.of("claimUid", "u-1", "volumeName", "pv-1", "directory", "ns/pvc-u-1");
        given().contentType("application/json").body("null").post("/api/v1/migrations/dry-run").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("the body must be a JSON list of volumes"));
        given().contentType("application/json").body(List.of(whole, Map.of("claimUid", "u-2", "volumeName", " ",
                "directory", "ns/d"))).post("/api/v1/migrations/dry-run").then().statusCode(400)
                .body("detail", containsString("these do not (counted from 0): 1;"));
        given().contentType("application/json").body(Collections.nCopies(30, Map.of("claimUid", "u")))
                .post("/api/v1/migrations/dry-run").then().statusCode(400)
                .body("detail", containsString(": 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19"
                        + " and 10 more;"));
        given().contentType("application/json").body(Collections.nCopies(10_001, whole))
                .post("/api/v1/migrations/dry-run").then().statusCode(400)
                .body("detail", containsString("at most 10000 volumes in one dry run (was 10001)"));
        given().contentType("application/json").body(List.of(whole)).post("/api/v1/migrations/dry-run").then()
                .statusCode(200).body("[0].claimUid", equalTo("u-1"));
    }

    @Test
    void reportsCapacityWithProvisionedBytes() {
        given().get("/api/v1/capacity")
                .then().statusCode(200)
                .body("serverId", equalTo(TemporaryExportRoot.SERVER))
                .body("totalBytes", greaterThan(0L))
                .body("provisionedBytes", greaterThan(0L))
                .body("exportCount", greaterThan(0))
                .body("overcommitRatio", equalTo(1.0f));
    }

    @Test
    void documentsTheApiInOpenApi() {
        String openapi = RestAssured.get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(openapi).contains("/api/v1/exports/{namespace}/{claim}", "/api/v1/capacity",
                "application/problem+json", "ExportPage");
    }
}
