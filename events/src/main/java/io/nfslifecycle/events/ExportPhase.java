package io.nfslifecycle.events;

/** Where an export is in its lifecycle. */
public enum ExportPhase {
    /** Admitted, the directory is being made. */
    PENDING,
    /** The directory exists and can be mounted. */
    READY,
    /** Refused or failed; the reason says why. */
    FAILED,
    /** The claim was released and the reclaim is under way. */
    RELEASING,
    /** Released; the directory was renamed to {@code archived-<name>}. */
    ARCHIVED,
    /** Released; the directory was removed. */
    DELETED,
    /** Released; the directory was kept as it was. */
    RETAINED;

    /** True once the claim is released and its reclaim is done. */
    public boolean isReclaimed() {
        return this == ARCHIVED || this == DELETED || this == RETAINED;
    }

    /** True while a claim is served by the export or its release is under way. */
    public boolean isLive() {
        return this == PENDING || this == READY || this == RELEASING;
    }

    /**
     * True while the export's directory counts against the volume's capacity: a live one, and a RETAINED one, whose
     * data stays until an operator frees it.
     */
    public boolean holdsSpace() {
        return isLive() || this == RETAINED;
    }
}
