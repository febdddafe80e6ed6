package io.nfslifecycle.quotaauditor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.nfslifecycle.events.AuditCompleted;
import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.nfslifecycle.quotaauditor.exports.ExportView;

/** What the integration tests do as the export manager would (records on Kafka, directories on disk) and as a user. */
final class AuditorFixture {
    static final Path ROOT = Paths.get("target/test-exports").toAbsolutePath().normalize();
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");

    private AuditorFixture() {
    }

    static void cleanRoot() throws IOException {
        if (Files.exists(ROOT)) {
            try (Stream<Path> paths = Files.walk(ROOT)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(ROOT);
    }

    static ExportRecord export(String uid, String namespace, String name, long requested) {
        Instant now = Instant.now();
        return new ExportRecord(uid, namespace, name, "pvc-" + uid, "nfs-1", "127.0.0.1",
                ROOT + "/" + namespace + "-" + name + "-pvc-" + uid, requested, List.of("ReadWriteMany"),
                OnDelete.ARCHIVE, ExportPhase.READY, "", now, now);
    }

    static Path directoryOf(ExportRecord e) {
        return Paths.get(e.path());
    }

    /** Publishes an export event and waits until the auditor's view holds it. */
    static void publish(ExportView view, ExportEvent event) {
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(), EXPORT_MANAGER.toProducerRecord(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> view.exports().stream()
                .anyMatch(e -> e.equals(event.export())));
    }

    static ExportRecord ready(ExportView view, ExportRecord e) throws IOException {
        publish(view, new ExportReady(e));
        Files.createDirectories(directoryOf(e));
        return e;
    }

    /** The export manager deleted the claim's directory on release. */
    static void deleted(ExportView view, ExportRecord e) throws IOException {
        ExportRecord gone = e.withPhase(ExportPhase.DELETED, "", Instant.now());
        deleteTree(directoryOf(e));
        publish(view, new ExportReclaimed(gone, ""));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void fill(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'x');
            long left = bytes;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                f.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    /** Triggers a run through the API and waits until it completed; returns its id. */
    static String runAudit() {
        while (true) {
            var ticket = given().header("Authorization", "Bearer test-token").post("/api/v1/audit/runs")
                    .then().statusCode(202).extract();
            String id = ticket.path("runId");
            await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(
                    given().get("/api/v1/audit/runs/" + id).then().extract().path("state")));
            if (!(Boolean) ticket.path("alreadyRunning")) {
                return id; // a run that started after the caller's changes
            }
        }
    }

    /** Every audit.finding on the topic so far, once the given run's audit.completed is visible. */
    static List<AuditFinding> findingsAfter(TopicProbe audit, String runId) {
        audit.await(r -> EventTypes.AUDIT_COMPLETED.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE))
                && ((AuditCompleted) EventCodec.decode(r)).runId().equals(runId), Duration.ofSeconds(30));
        return audit.received().stream()
                .filter(r -> EventTypes.AUDIT_FINDING.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                .map(r -> (AuditFinding) EventCodec.decode(r)).toList();
    }

    /** Those of {@link #findingsAfter} observed by runs that started at or after {@code since}. */
    static List<AuditFinding> findingsAfter(TopicProbe audit, String runId, Instant since) {
        return findingsAfter(audit, runId).stream().filter(f -> !f.observedAt().isBefore(since)).toList();
    }

    static List<AuditFinding> about(List<AuditFinding> findings, FindingKind kind, String claimUidOrPath) {
        return findings.stream().filter(f -> f.kind() == kind
                && (claimUidOrPath.isEmpty() || f.claimUid().equals(claimUidOrPath) || f.path().equals(claimUidOrPath)))
                .toList();
    }

    static TopicProbe auditTopic() {
        return TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.AUDIT);
    }

    static String text(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
    }
}
