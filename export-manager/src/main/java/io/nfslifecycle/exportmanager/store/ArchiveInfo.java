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
 */
public record ArchiveInfo(Instant archivedAt, Instant expiresAt, long bytes, String purgeReason, Instant purgedAt) {
    public ArchiveInfo {
        if (archivedAt == null) {
            throw new IllegalArgumentException("an archive has the time it was made");
        }
        purgeReason = purgeReason == null ? "" : purgeReason;
    }

    /** A new archive, not measured yet. */
    public static ArchiveInfo made(Instant at, Instant expiresAt) {
        return new ArchiveInfo(at, expiresAt, -1, "", null);
    }

    /** Kept: neither purged nor being purged. */
    public boolean kept() {
        return purgeReason.isEmpty();
    }

    /** A purge began and has not ended. */
    public boolean purging() {
        return !purgeReason.isEmpty() && purgedAt == null;
    }

    public boolean purged() {
        return purgedAt != null;
    }

    public ArchiveInfo measured(long measuredBytes) {
        return new ArchiveInfo(archivedAt, expiresAt, measuredBytes, purgeReason, purgedAt);
    }

    public ArchiveInfo expiring(Instant newExpiry) {
        return new ArchiveInfo(archivedAt, newExpiry, bytes, purgeReason, purgedAt);
    }

    public ArchiveInfo purgingFor(String reason) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, reason, null);
    }

    public ArchiveInfo purgedAt(Instant at) {
        return new ArchiveInfo(archivedAt, expiresAt, bytes, purgeReason, at);
    }
}
