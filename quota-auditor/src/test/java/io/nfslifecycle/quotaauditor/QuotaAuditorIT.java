package io.nfslifecycle.quotaauditor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged service as it runs on the storage VM (prod profile: run at start, 10-minute interval), against the
 * real broker and a real export root: it reads the exports, audits once at start, publishes, and serves the report.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = QuotaAuditorIT.Environment.class, restrictToAnnotatedClass = true)
class QuotaAuditorIT {
    static final Path ROOT = Paths.get("target/it-exports").toAbsolutePath().normalize();

    /** The broker, an export root with one claim over its request and one stray directory, and the settings. */
    public static class Environment implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(ROOT.resolve("stray"));
                Files.write(Files.createDirectories(ROOT.resolve("team-it-data-pvc-uid-it")).resolve("f"), new byte[40_000]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant now = Instant.now();
            ExportRecord e = new ExportRecord("uid-it", "team-it", "data", "pvc-uid-it", "nfs-1", "10.0.10.5",
                    "/mnt/data/team-it-data-pvc-uid-it", 10_000, List.of("ReadWriteMany"), OnDelete.ARCHIVE,
                    ExportPhase.READY, "", now, now);
            TopicProbe.produce(LocalKafkaResource.bootstrapServers(),
                    new EventCodec("/nfs-lifecycle/export-manager/nfs-1").toProducerRecord(new ExportReady(e)));
            return Map.of("kafka.bootstrap.servers", LocalKafkaResource.bootstrapServers(),
                    "nfs-lifecycle.export-root", ROOT.toString(),
                    "nfs-lifecycle.nfs-path", "/mnt/data",
                    "nfs-lifecycle.api-token", "it-token");
        }

        @Override
        public void stop() {
            // the shared broker stops with the JVM
        }
    }

    @Test
    void auditsAtStartPublishesFindingsAndServesTheReport() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> given().get("/api/v1/audit").statusCode() == 200);

        given().get("/api/v1/audit/claims/team-it/data").then().statusCode(200)
                .body("usage.path", equalTo("team-it-data-pvc-uid-it"), "findings[0].kind", equalTo("OVER_QUOTA"));
        try (TopicProbe audit = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.AUDIT)) {
            audit.await(EventTypes.AUDIT_COMPLETED, "nfs-1", Duration.ofSeconds(30));
            List<AuditFinding> findings = audit.received().stream()
                    .filter(r -> EventTypes.AUDIT_FINDING.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                    .map(r -> (AuditFinding) EventCodec.decode(r)).toList();
            assertThat(findings).extracting(AuditFinding::kind, AuditFinding::path).contains(
                    org.assertj.core.groups.Tuple.tuple(FindingKind.OVER_QUOTA, "team-it-data-pvc-uid-it"),
                    org.assertj.core.groups.Tuple.tuple(FindingKind.ORPHAN_DIRECTORY, "stray"));
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().post("/api/v1/audit/runs").then().statusCode(401);
        given().header("Authorization", "Bearer it-token").post("/api/v1/audit/runs").then().statusCode(202);
        // the exports were read from assigned partitions: the broker holds no group of the auditor's
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalKafkaResource.bootstrapServers()))) {
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).extracting(GroupListing::groupId)
                    .noneMatch(group -> group.startsWith("quota-auditor"));
        }
    }
}
