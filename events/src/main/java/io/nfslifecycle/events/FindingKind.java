package io.nfslifecycle.events;

/** What the quota auditor can find. */
public enum FindingKind {
    /** A claim uses more than it requested. */
    OVER_QUOTA,
    /** A claim uses more than the configured share of its request. */
    NEAR_QUOTA,
    /** A directory under the export root that no live export owns. */
    ORPHAN_DIRECTORY,
    /** A READY export whose directory is gone. */
    MISSING_DIRECTORY,
    /** Archived directories hold space: total bytes and the oldest age. */
    ARCHIVE_BACKLOG,
    /** The sum of requests exceeds the volume's size. */
    OVERCOMMITTED,
    /** The volume is used above the configured share. */
    VOLUME_PRESSURE,
    /** A claim's project quota and a walk of its directory disagree on what it uses. */
    QUOTA_MISMATCH;

    /** Findings about the volume as a whole are keyed by the server id, the others by claim uid. */
    public boolean isVolumeWide() {
        return this == ARCHIVE_BACKLOG || this == OVERCOMMITTED || this == VOLUME_PRESSURE;
    }
}
