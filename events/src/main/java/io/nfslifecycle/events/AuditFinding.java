package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

import java.time.Instant;
import java.util.Map;

/**
 * A new, changed or resolved finding of the quota auditor, on {@link Topics#AUDIT}.
 *
 * @param status     {@code OPEN} when found or changed, {@code RESOLVED} when the situation is gone
 * @param claimUid   the claim concerned; empty for volume-wide findings and orphan directories
 * @param namespace  the claim's namespace; empty when there is no claim
 * @param claimName  the claim's name; empty when there is no claim
 * @param path       the directory concerned, relative to the export root; empty for volume-wide findings
 * @param usedBytes  the measured figure (bytes used, archived bytes, provisioned bytes)
 * @param limitBytes the figure it is compared with (requested bytes, volume size, threshold)
 * @param message    a sentence an operator can act on
 * @param runId      the audit run that found it; empty from an older producer
 * @param details    what else identifies or measures it, as data (e.g. {@code archives}: how many archives an
 *                   ARCHIVE_BACKLOG counts); a consumer reads these, never the sentence
 */
public record AuditFinding(
        String serverId,
        FindingKind kind,
        Status status,
        String claimUid,
        String namespace,
        String claimName,
        String path,
        long usedBytes,
        long limitBytes,
        String message,
        Instant observedAt,
        @Default("") String runId,
        @Default Map<String, String> details) implements Event {

    public enum Status { OPEN, RESOLVED }

    public AuditFinding {
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.present("kind", kind);
        Fields.present("status", status);
        Fields.present("claimUid", claimUid);
        Fields.present("namespace", namespace);
        Fields.present("claimName", claimName);
        Fields.text("path", path);
        Fields.bytes("usedBytes", usedBytes);
        Fields.bytes("limitBytes", limitBytes);
        Fields.text("message", message);
        Fields.present("observedAt", observedAt);
        Fields.present("runId", runId);
        details = Fields.map("details", details);
    }

    /** A finding without run id or details (as older producers sent it). */
    public AuditFinding(String serverId, FindingKind kind, Status status, String claimUid, String namespace,
            String claimName, String path, long usedBytes, long limitBytes, String message, Instant observedAt) {
        this(serverId, kind, status, claimUid, namespace, claimName, path, usedBytes, limitBytes, message, observedAt,
                "", Map.of());
    }

    @Override
    public String type() {
        return EventTypes.AUDIT_FINDING;
    }

    @Override
    public String topic() {
        return Topics.AUDIT;
    }

    @Override
    public String key() {
        return claimUid.isEmpty() ? serverId : claimUid;
    }

    @Override
    public String subject() {
        return claimUid.isEmpty() ? serverId : namespace + "/" + claimName;
    }
}
