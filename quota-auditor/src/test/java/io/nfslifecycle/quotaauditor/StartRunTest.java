package io.nfslifecycle.quotaauditor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The run at start waits until the exports topic is read to its end: a claim whose record was on the topic before
 * the service started is measured as a claim, never reported as an orphan directory.
 */
@QuarkusTest
@TestProfile(StartRunTest.RunAtStart.class)
class StartRunTest {
    static final Path ROOT = Paths.get("target/start-exports").toAbsolutePath().normalize();

    public static class RunAtStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nfs-lifecycle.audit.run-at-start", "true",
                    "nfs-lifecycle.export-root", ROOT.toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SeededExports.class));
        }
    }

    /** The broker, with an export already on the topic (and its directory on disk) before the service starts. */
    public static class SeededExports implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(ROOT.resolve("team-start-data-pvc-uid-start"));
                Files.write(ROOT.resolve("team-start-data-pvc-uid-start/f"), new byte[5000]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant now = Instant.now();
            ExportRecord e = new ExportRecord("uid-start", "team-start", "data", "pvc-uid-start", "nfs-1", "127.0.0.1",
                    ROOT + "/team-start-data-pvc-uid-start", 1_000, List.of("ReadWriteMany"), OnDelete.ARCHIVE,
                    ExportPhase.READY, "", now, now);
            TopicProbe.produce(LocalKafkaResource.bootstrapServers(),
                    new EventCodec("/nfs-lifecycle/export-manager/nfs-1").toProducerRecord(new ExportReady(e)));
            // what an earlier incarnation of the auditor announced: the claim over its request, with today's figure
            long used;
            try {
                used = io.nfslifecycle.quotaauditor.scan.Du.total(List.of(ROOT.resolve("team-start-data-pvc-uid-start")));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            TopicProbe.produce(LocalKafkaResource.bootstrapServers(),
                    new EventCodec("/nfs-lifecycle/quota-auditor/nfs-1").toProducerRecord(new AuditFinding("nfs-1",
                            FindingKind.OVER_QUOTA, AuditFinding.Status.OPEN, "uid-start", "team-start", "data",
                            "team-start-data-pvc-uid-start", used, 1_000, "announced before the restart", now)));
            return Map.of("kafka.bootstrap.servers", LocalKafkaResource.bootstrapServers());
        }

        @Override
        public void stop() {
            // the shared broker stops with the JVM
        }
    }

    @Test
    void firstRunAtStartKnowsTheExportsAlreadyOnTheTopic() {
        await().atMost(Duration.ofSeconds(90)).until(() -> given().get("/api/v1/audit").statusCode() == 200);

        given().get("/api/v1/audit/runs/" + given().get("/api/v1/audit").then().extract().path("runId"))
                .then().body("trigger", equalTo("start"));
        given().get("/api/v1/audit/claims/team-start/data").then().statusCode(200)
                .body("usage.directoryPresent", equalTo(true));
        given().get("/api/v1/audit").then()
                .body("findings.findAll { it.kind == 'ORPHAN_DIRECTORY' }.path", not(hasItem("team-start-data-pvc-uid-start")));
    }

    @Test
    void findingAnnouncedBeforeARestartIsNotPublishedAgain() {
        await().atMost(Duration.ofSeconds(90)).until(() -> given().get("/api/v1/audit").statusCode() == 200);
        String run = given().get("/api/v1/audit").then().extract().path("runId");

        try (TopicProbe audit = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.AUDIT)) {
            List<AuditFinding> overQuota = AuditorFixture.about(AuditorFixture.findingsAfter(audit, run),
                    FindingKind.OVER_QUOTA, "uid-start");

            assertThat(overQuota).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("announced before the restart"));
        }
        given().get("/api/v1/audit").then()
                .body("findings.findAll { it.kind == 'OVER_QUOTA' }.claimUid", hasItem("uid-start"));
    }
}
