package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

import java.time.Instant;

/**
 * One audit run's summary, on {@link Topics#AUDIT}, keyed by server id.
 *
 * @param usedBytes     allocated bytes of every claim and archive directory (what {@code du} counts)
 * @param apparentBytes apparent bytes of the same
 * @param openFindings  findings open after the run
 */
public record AuditCompleted(
        String serverId,
        String runId,
        Instant startedAt,
        long durationMillis,
        long filesScanned,
        long directoriesScanned,
        long usedBytes,
        long apparentBytes,
        long volumeTotalBytes,
        long volumeUsedBytes,
        int openFindings) implements Event {

    public AuditCompleted {
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.name("runId", runId, MAX_NAME);
        Fields.present("startedAt", startedAt);
        Fields.bytes("durationMillis", durationMillis);
        Fields.bytes("filesScanned", filesScanned);
        Fields.bytes("directoriesScanned", directoriesScanned);
        Fields.bytes("usedBytes", usedBytes);
        Fields.bytes("apparentBytes", apparentBytes);
        Fields.bytes("volumeTotalBytes", volumeTotalBytes);
        Fields.bytes("volumeUsedBytes", volumeUsedBytes);
        Fields.bytes("openFindings", openFindings);
    }

    @Override
    public String type() {
        return EventTypes.AUDIT_COMPLETED;
    }

    @Override
    public String topic() {
        return Topics.AUDIT;
    }

    @Override
    public String key() {
        return serverId;
    }

    @Override
    public String subject() {
        return serverId;
    }
}
