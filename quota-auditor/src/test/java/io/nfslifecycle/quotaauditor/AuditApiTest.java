package io.nfslifecycle.quotaauditor;

import static io.nfslifecycle.quotaauditor.AuditorFixture.deleted;
import static io.nfslifecycle.quotaauditor.AuditorFixture.directoryOf;
import static io.nfslifecycle.quotaauditor.AuditorFixture.export;
import static io.nfslifecycle.quotaauditor.AuditorFixture.fill;
import static io.nfslifecycle.quotaauditor.AuditorFixture.ready;
import static io.nfslifecycle.quotaauditor.AuditorFixture.runAudit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The HTTP API and the metrics, as an operator and a dashboard see them. */
@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class AuditApiTest {

    @Inject
    ExportView view;

    /** The export manager makes the root before anything is exported; on a fresh clone nothing else has. */
    @BeforeEach
    void exportRootExists() throws java.io.IOException {
        java.nio.file.Files.createDirectories(AuditorFixture.ROOT);
    }

    @Test
    void triggeringARunWithoutTheTokenIsRefusedWithAProblem() {
        given().post("/api/v1/audit/runs").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401), "detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong").post("/api/v1/audit/runs").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aParameterThatBreaksItsConstraintIsA400Problem() {
        given().get("/api/v1/audit/claims/Not_A_Namespace/data").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400))
                .body("detail", containsString("namespace must be a Kubernetes namespace name"))
                .body("detail", containsString("Not_A_Namespace"));
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblemsToo() {
        given().get("/api/v1/nosuch").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("/q/openapi"));
        given().delete("/api/v1/audit").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void triggeringARunAnswers202WithItsIdAndTheRunCanBeFollowed() {
        var response = given().header("Authorization", "Bearer test-token").post("/api/v1/audit/runs")
                .then().statusCode(202).extract();
        String id = response.path("runId");

        assertThat(response.header("Location")).endsWith("/api/v1/audit/runs/" + id);
        assertThat((Boolean) response.path("alreadyRunning")).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                given().get("/api/v1/audit/runs/" + id).then().statusCode(200).extract().path("state")));
        given().get("/api/v1/audit/runs/" + id).then().body("trigger", equalTo("api"), "id", equalTo(id));
    }

    @Test
    void aTriggerWhileARunIsUnderWayGetsThatRunInsteadOfASecondScan() {
        TunableVolume.hold();
        String first = "";
        try {
            first = given().header("Authorization", "Bearer test-token").post("/api/v1/audit/runs")
                    .then().statusCode(202).extract().path("runId");

            var second = given().header("Authorization", "Bearer test-token").post("/api/v1/audit/runs")
                    .then().statusCode(202).extract();

            assertThat((String) second.path("runId")).isEqualTo(first);
            assertThat((Boolean) second.path("alreadyRunning")).isTrue();
            given().get("/api/v1/audit/runs/" + first).then().body("state", equalTo("RUNNING"));
        } finally {
            TunableVolume.release();
            String id = first;
            await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                    given().get("/api/v1/audit/runs/" + id).then().extract().path("state")));
        }
    }

    @Test
    void latestReportListsClaimsLargestFirstWithVolumeAndFindings() throws Exception {
        ExportRecord small = ready(view, export("uid-api-small", "team-api", "small", 10_000_000));
        ExportRecord large = ready(view, export("uid-api-large", "team-api", "large", 10_000_000));
        fill(directoryOf(small).resolve("f"), 10_000);
        fill(directoryOf(large).resolve("f"), 2_000_000);

        String run = runAudit();

        JsonPath report = given().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("runId")).isEqualTo(run);
        assertThat(report.getLong("volume.totalBytes")).isPositive();
        List<Long> used = report.getList("claims.usedBytes", Long.class);
        assertThat(used).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<String> names = report.getList("claims.name");
        assertThat(names.indexOf("large")).isLessThan(names.indexOf("small"));
        assertThat(report.getList("findings")).isNotNull();
    }

    @Test
    void oneClaimShowsItsUsageAndAnUnknownOneIsAProblem() throws Exception {
        ExportRecord e = ready(view, export("uid-api-one", "team-one", "data", 1_000));
        fill(directoryOf(e).resolve("f"), 50_000);
        runAudit();

        given().get("/api/v1/audit/claims/team-one/data").then().statusCode(200)
                .body("usage.claimUid", equalTo("uid-api-one"), "usage.directoryPresent", equalTo(true),
                        "findings[0].kind", equalTo("OVER_QUOTA"));
        given().get("/api/v1/audit/claims/team-one/nope").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("check the namespace"));
        given().get("/api/v1/audit/runs/no-such-run").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("POST /api/v1/audit/runs"));
        deleted(view, e);
    }

    @Test
    void metricsCarryPerClaimAndVolumeFiguresAndDropClaimsThatAreGone() throws Exception {
        ExportRecord e = ready(view, export("uid-api-metrics", "team-metrics", "data", 5_000_000));
        fill(directoryOf(e).resolve("f"), 100_000);
        runAudit();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("nfs_lifecycle_claim_used_bytes\\{namespace=\"team-metrics\",persistentvolumeclaim=\"data\",server=\"nfs-1\",storageclass=\"[^\"]*\"} 1[0-9]{5}\\.0")
                .containsPattern("nfs_lifecycle_claim_requested_bytes\\{namespace=\"team-metrics\",persistentvolumeclaim=\"data\",server=\"nfs-1\",storageclass=\"[^\"]*\"} 5000000.0")
                .doesNotContain("nfs_lifecycle_audit_volume_") // one name per measure: the export manager's volume_*
                .contains("nfs_lifecycle_audit_archive_bytes")
                .contains("nfs_lifecycle_audit_findings{kind=\"OVERCOMMITTED\",server=\"nfs-1\"}")
                .contains("nfs_lifecycle_audit_findings{kind=\"VOLUME_PRESSURE\",server=\"nfs-1\"}")
                .contains("nfs_lifecycle_audit_scan_duration_seconds_count")
                .containsPattern("nfs_lifecycle_audit_files_scanned_total\\{server=\"nfs-1\"} [1-9]")
                .contains("nfs_lifecycle_audit_scan_progress_files")
                .contains("nfs_lifecycle_events_published_total{server=\"nfs-1\",type=\"io.nfs-lifecycle.audit.completed.v1\"}")
                .containsPattern("nfs_lifecycle_audit_scan_duration_seconds_bucket\\{.*le=\"0.01\".*}")
                .containsPattern("nfs_lifecycle_audit_scan_duration_seconds_bucket\\{.*le=\"600.0\".*}");

        deleted(view, e);
        runAudit();

        assertThat(given().get("/q/metrics").then().extract().asString())
                .doesNotContain("namespace=\"team-metrics\"");
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/audit/claims/{namespace}/{name}"), containsString("/api/v1/audit/runs/{id}"));
    }
}
