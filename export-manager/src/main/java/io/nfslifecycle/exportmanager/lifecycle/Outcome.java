package io.nfslifecycle.exportmanager.lifecycle;

import java.util.Locale;

/** What handling one claim event came to; the {@code outcome} tag of {@code nfs.lifecycle.claim.events}. */
public enum Outcome {
    READY,
    RESIZED,
    ARCHIVED,
    DELETED,
    RETAINED,
    /** Refused or failed; the answer says why. */
    FAILED,
    /** Already done: the same answer again. */
    DUPLICATE,
    /** A release that names another claim's export. */
    UID_MISMATCH,
    /** The work for this claim is under way (a tree being deleted); its answer comes when it is done. */
    IN_PROGRESS;

    /** The metric tag: {@code ready}, {@code uid-mismatch}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outcome of a reclaim that recorded this phase. */
    static Outcome reclaimed(io.nfslifecycle.events.ExportPhase phase) {
        return switch (phase) {
            case ARCHIVED -> ARCHIVED;
            case DELETED -> DELETED;
            case RETAINED -> RETAINED;
            case PENDING, READY, FAILED, RELEASING -> throw new IllegalArgumentException(phase + " is not a reclaim");
        };
    }
}
