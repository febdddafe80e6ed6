package io.nfslifecycle.quotaauditor.findings;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A directory the scan found under the export root and measured.
 *
 * @param relativePath where it is, relative to the export root
 * @param role         why the scan measured it
 * @param measurement  what it holds
 * @param changedAt    its inode's last change ({@code ctime}): for an archive, when it was renamed into place
 * @param quota        its project's figures, where the quota accounting was read; null otherwise
 * @param walked       whether {@code measurement} is a walk's (a run that read the quota only takes the quota's)
 */
public record ObservedDirectory(String relativePath, Role role, Measurement measurement, Instant changedAt,
        QuotaFigures quota, boolean walked) {

    /** A directory measured by a walk only. */
    public ObservedDirectory(String relativePath, Role role, Measurement measurement, Instant changedAt) {
        this(relativePath, role, measurement, changedAt, null, true);
    }

    /**
     * The directories less the unowned ones that a live export holds by now, itself or a directory below it: made
     * for a claim whose export the view read only after the root was listed (an export manager makes a directory,
     * then says so). Reported as unowned they would be a false alarm; the next run measures them as the claim's.
     *
     * @param ownedNow the directories live exports hold, relative to the export root, read after the listing
     */
    public static List<ObservedDirectory> withoutNewlyOwned(List<ObservedDirectory> directories, Set<String> ownedNow) {
        return directories.stream().filter(d -> d.role() != Role.UNOWNED || ownedNow.stream().noneMatch(
                owned -> owned.equals(d.relativePath()) || owned.startsWith(d.relativePath() + "/"))).toList();
    }

    /** The same directory, with its project's figures beside the walk's. */
    public ObservedDirectory withQuota(QuotaFigures figures) {
        return new ObservedDirectory(relativePath, role, measurement, changedAt, figures, walked);
    }

    /**
     * What it uses: the quota's figure where only that was read (the kernel's own count), the walk's where there is
     * no quota, and the larger of the two where both were taken (an ext4 writer past the limit is charged only up to
     * it; files moved in from another project are charged there).
     */
    public long usedBytes() {
        if (quota == null) {
            return measurement.allocatedBytes();
        }
        return walked ? Math.max(quota.usedBytes(), measurement.allocatedBytes()) : quota.usedBytes();
    }

    public enum Role {
        /** The directory of a live export. */
        CLAIM,
        /** An {@code archived-*} directory. */
        ARCHIVE,
        /** Anything else: owned by no live export. */
        UNOWNED
    }
}
