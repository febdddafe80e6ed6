package io.nfslifecycle.quotaauditor;

import static io.nfslifecycle.quotaauditor.AuditorFixture.about;
import static io.nfslifecycle.quotaauditor.AuditorFixture.auditTopic;
import static io.nfslifecycle.quotaauditor.AuditorFixture.deleteTree;
import static io.nfslifecycle.quotaauditor.AuditorFixture.deleted;
import static io.nfslifecycle.quotaauditor.AuditorFixture.directoryOf;
import static io.nfslifecycle.quotaauditor.AuditorFixture.export;
import static io.nfslifecycle.quotaauditor.AuditorFixture.fill;
import static io.nfslifecycle.quotaauditor.AuditorFixture.findingsAfter;
import static io.nfslifecycle.quotaauditor.AuditorFixture.ready;
import static io.nfslifecycle.quotaauditor.AuditorFixture.runAudit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.AuditFinding.Status;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.findings.VolumeFigures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each finding kind from a situation built with real files and export records on the real broker: published once
 * when it appears, not again while it stays, RESOLVED once when it is undone.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class FindingsPublishedTest {

    @Inject
    ExportView view;

    /** Findings of runs before this test (other classes share the broker and the root) are not this test's. */
    Instant testStarted;

    @BeforeEach
    void markStart() {
        testStarted = Instant.now();
    }

    @BeforeAll
    static void emptyRoot() throws Exception {
        AuditorFixture.cleanRoot();
    }

    @Test
    void claimUsingMoreThanItRequestedIsOverQuotaOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            ExportRecord e = ready(view, export("uid-over", "team-over", "data", 100_000));
            fill(directoryOf(e).resolve("big.bin"), 300_000);

            String first = runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.OVER_QUOTA, "uid-over");
            fill(directoryOf(e).resolve("big.bin"), 1_000);
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.OVER_QUOTA, "uid-over");

            assertThat(first).isNotEqualTo(second);
            assertThat(open).singleElement().satisfies(f -> {
                assertThat(f.status()).isEqualTo(Status.OPEN);
                assertThat(f.namespace()).isEqualTo("team-over");
                assertThat(f.claimName()).isEqualTo("data");
                assertThat(f.path()).isEqualTo("team-over-data-pvc-uid-over");
                assertThat(f.usedBytes()).isGreaterThanOrEqualTo(300_000);
                assertThat(f.limitBytes()).isEqualTo(100_000);
                assertThat(f.message()).contains("team-over/data", "expand the claim");
            });
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void claimAboveNinetyPercentIsNearQuotaOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            ExportRecord e = ready(view, export("uid-near", "team-near", "data", 1_000_000));
            fill(directoryOf(e).resolve("data.bin"), 940_000);

            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.NEAR_QUOTA, "uid-near");
            fill(directoryOf(e).resolve("data.bin"), 100_000);
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.NEAR_QUOTA, "uid-near");

            assertThat(open).singleElement().satisfies(f -> assertThat(f.message()).contains("above 90%"));
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void directoryNoExportOwnsIsAnOrphanOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            Path stray = AuditorFixture.ROOT.resolve("copied-by-hand");
            fill(stray.resolve("old.tar"), 20_000);

            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.ORPHAN_DIRECTORY, "copied-by-hand");
            deleteTree(stray);
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.ORPHAN_DIRECTORY, "copied-by-hand");

            assertThat(open).singleElement().satisfies(f -> {
                assertThat(f.claimUid()).isEmpty();
                assertThat(f.usedBytes()).isGreaterThanOrEqualTo(20_000);
                assertThat(f.message()).contains("no live export owns it");
            });
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void readyExportWhoseDirectoryIsGoneIsMissingOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            ExportRecord e = ready(view, export("uid-missing", "team-missing", "data", 1_000_000));
            deleteTree(directoryOf(e));

            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.MISSING_DIRECTORY, "uid-missing");
            Files.createDirectories(directoryOf(e));
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.MISSING_DIRECTORY, "uid-missing");

            assertThat(open).singleElement().satisfies(f -> assertThat(f.message()).contains("restore the directory"));
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void archivedDirectoriesAreABacklogOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            Path archive = AuditorFixture.ROOT.resolve("archived-team-old-data-pvc-uid-old");
            fill(archive.resolve("kept.bin"), 50_000);

            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.ARCHIVE_BACKLOG, "");
            deleteTree(archive);
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.ARCHIVE_BACKLOG, "");

            assertThat(open).singleElement().satisfies(f -> {
                assertThat(f.claimUid()).isEmpty();
                assertThat(f.usedBytes()).isGreaterThanOrEqualTo(50_000);
                assertThat(f.message()).contains("1 archived directory holds", "ago");
            });
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void requestsBeyondTheVolumeAreOvercommittedOnceThenResolved() throws Exception {
        try (TopicProbe audit = auditTopic()) {
            ExportRecord huge = ready(view, export("uid-huge", "team-huge", "data", 1L << 50));

            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.OVERCOMMITTED, "");
            deleted(view, huge);
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.OVERCOMMITTED, "");

            assertThat(open).singleElement().satisfies(f -> {
                assertThat(f.usedBytes()).isGreaterThanOrEqualTo(1L << 50);
                assertThat(f.message()).contains("grow the volume");
            });
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        }
    }

    @Test
    void volumeUsedAboveEightyFivePercentIsPressureOnceThenResolved() {
        try (TopicProbe audit = auditTopic()) {
            TunableVolume.set(new VolumeFigures(50L << 30, 45L << 30));
            runAudit();
            String second = runAudit();
            List<AuditFinding> open = about(findingsAfter(audit, second, testStarted), FindingKind.VOLUME_PRESSURE, "");
            TunableVolume.set(new VolumeFigures(50L << 30, 20L << 30));
            String undone = runAudit();
            List<AuditFinding> all = about(findingsAfter(audit, undone, testStarted), FindingKind.VOLUME_PRESSURE, "");

            assertThat(open).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("nfs-1");
                assertThat(f.usedBytes()).isEqualTo(45L << 30);
                assertThat(f.message()).contains("90% used", "above 85%");
            });
            assertThat(all).extracting(AuditFinding::status).containsExactly(Status.OPEN, Status.RESOLVED);
        } finally {
            TunableVolume.reset();
        }
    }

    @Test
    void eachRunPublishesOneCompletedSummary() {
        try (TopicProbe audit = auditTopic()) {
            String run = runAudit();

            findingsAfter(audit, run, testStarted);
            List<String> summaries = audit.received().stream()
                    .filter(r -> EventTypes.AUDIT_COMPLETED.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                    .filter(r -> AuditorFixture.text(r).contains(run)).map(TopicProbe::describe).toList();

            assertThat(summaries).singleElement().asString().contains("nfs-1", "\"filesScanned\"", "\"durationMillis\"");
            assertThat(TopicProbe.headers(audit.received().stream()
                    .filter(r -> AuditorFixture.text(r).contains(run)).findFirst().orElseThrow()))
                    .containsEntry("ce_source", "/nfs-lifecycle/quota-auditor/nfs-1")
                    .containsEntry("ce_subject", "nfs-1");
        }
    }

    @Test
    void aRecordThatBreaksTheContractGoesToTheDeadLetterTopicAndIsCounted() {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes());
        headers.add("ce_id", "1".getBytes());
        headers.add("ce_source", "/test".getBytes());
        headers.add("ce_type", "io.nfs-lifecycle.export.exploded.v1".getBytes());
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(), new org.apache.kafka.clients.producer.ProducerRecord<>(
                io.nfslifecycle.events.Topics.EXPORTS, null, "bad-uid", "{}".getBytes(), headers));

        try (TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                io.nfslifecycle.events.Topics.deadLetter(io.nfslifecycle.events.Topics.QUOTA_AUDITOR))) {
            var refused = dlq.await(r -> "bad-uid".equals(r.key()), java.time.Duration.ofSeconds(30));
            assertThat(TopicProbe.headers(refused).get("dead-letter-reason")).contains("ce_type", "export.exploded");
        }
        assertThat(io.restassured.RestAssured.get("/q/metrics").then().extract().asString())
                .contains("nfs_lifecycle_events_refused_total{field=\"ce_type\",server=\"nfs-1\"}");
    }
}
