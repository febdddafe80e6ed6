package io.nfslifecycle.exportmanager.store;

import java.time.Instant;

/**
 * What the export manager keeps of an archive (the directory a released claim was renamed to), beside its claim's
 * record: the archive's id is the claim's uid.
 *
 * @param archivedAt  when the claim was archived
 * @param expiresAt   when its retention runs out and it is purged; null to keep it forever
 * @param bytes       its files' lengths, measured once after it was made; -1 until then
 * @param purgeReason why it is being purged or was ({@code expired}, {@code operator}, {@code pressure}); empty
 *                    while it is kept. Set before the purge touches the directory: a purge under way
 * @param purgedAt    when the purge was done; null before
 * @param restoredTo  the uid of the claim it is being (or was) moved into by a restore; empty while it is kept. Set
 *                    before the move: a restore under way, which nothing else may take
 * @param restoredAt  when that claim's directory became the archive's; null before
 */
public record ArchiveInfo(Instant archivedAt, Instant expiresAt, long bytes, String purgeReason, Instant purgedAt,
        String restoredTo, Instant restoredAt) {
    public ArchiveInfo {
        if (archivedAt == null) {
            throw new IllegalArgumentException("an archive has the time it was made");
        }
        purgeReason = purgeReason == null ? "" : purgeReason;
        restoredTo = restoredTo == null ? "" : restoredTo;
    }

    /** A new archive, not measured yet. */
    public static ArchiveInfo made(Instant at, Instant expiresAt) {
        return new ArchiveInfo(at, expiresAt, -1, "", null, "", null);
    }

    /** Kept: neither purged, being purged, restored nor being restored. */
    public boolean kept() {
        return purgeReason.isEmpty() && restoredTo.isEmpty();
    }

    /** A purge began and has not ended. */
    public boolean purging() {
        return !purgeReason.isEmpty() && purgedAt == null;
    }

    public boolean purged() {
        return purgedAt != null;
    }

    /** A restore took the archive (its move may be under way, or done). */
    public boolean taken() {
        return !restoredTo.isEmpty();
    }

    public boolean restored() {
        return restoredAt != null;
    }

    /** What became of it, in one word: kept, purging, purged, restoring or restored. */
    public String state() {
        if (restored()) {
            return "restored";
        }
        if (taken()) {
            return "restoring";
        }
        if (purged()) {
            return "purged";
        }
        return purging() ? "purging" : "kept";
    }

    public ArchiveInfo measured(long measuredBytes) {
        return new ArchiveInfo(archivedAt, expiresAt, measuredBytes, purgeReason, purgedAt, restoredTo, restoredAt);
    }

    public ArchiveInfo expiring(Instant newExpiry) {
        return new ArchiveInfo(archivedAt, newExpiry, bytes, purgeReason, purgedAt, restoredTo, restoredAt);
    }

    public ArchiveInfo purgingFor(String reason) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, reason, null, restoredTo, restoredAt);
    }

    public ArchiveInfo purgedAt(Instant at) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, purgeReason, at, restoredTo, restoredAt);
    }

    /** Taken by the restore into the claim {@code claimUid}. */
    public ArchiveInfo restoringTo(String claimUid) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, purgeReason, purgedAt, claimUid, null);
    }

    public ArchiveInfo restoredAt(Instant at) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, purgeReason, purgedAt, restoredTo, at);
    }
}
