package io.nfslifecycle.exportmanager.quota;

import java.util.Optional;

import io.nfslifecycle.events.ByteSize;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.kit.quota.QuotaLimits;

/**
 * What limit a claim directory's project carries, decided from its record alone, and the verdicts on changing it.
 * A live claim's limit is its request. A retained directory keeps it (the data is still the claim's, and an
 * operator may bind it to a new volume). An archive has none: nothing writes to it, and its bytes count against the
 * volume, not a claim; it keeps its project, so its use is still read without a walk and its id is never reused. A
 * deleted directory's project goes with it.
 */
public final class QuotaRules {
    private QuotaRules() {
    }

    /** The hard limit the project of a record in {@code phase} should carry; empty while a step is under way. */
    public static Optional<Long> expectedLimit(ExportPhase phase, long requestedBytes) {
        return switch (phase) {
            case READY, RETAINED -> Optional.of(QuotaLimits.forRequest(requestedBytes));
            case ARCHIVED, DELETED -> Optional.of(0L);
            case PENDING, RELEASING, FAILED -> Optional.empty();
        };
    }

    /**
     * The verdict on changing a READY claim's limit from {@code currentBytes} to {@code newBytes} while its files use
     * {@code usedBytes}: growing always passes (admission has spoken), shrinking only down to what is used.
     */
    public static ResizeVerdict resize(long currentBytes, long usedBytes, long newBytes) {
        if (newBytes >= currentBytes || newBytes >= usedBytes) {
            return new ResizeVerdict(true, "");
        }
        return new ResizeVerdict(false, "cannot shrink the quota to " + ByteSize.format(newBytes) + " (" + newBytes
                + " bytes): the claim's files use " + ByteSize.format(usedBytes) + " (" + usedBytes + " bytes); free "
                + "space in the volume first or ask for at least what is used");
    }

    /** Whether a resize may go ahead, and why not. */
    public record ResizeVerdict(boolean allowed, String reason) {
    }

    /**
     * What recovery finds of a project whose limit differs from its record (changed by hand, or a crash between the
     * limit and the record): the sentence to report, and the limit to put back; empty when they agree (up to the
     * filesystem's block, {@link QuotaLimits#holds}).
     */
    public static Optional<Drift> drift(String subject, long projectId, ExportPhase phase, long requestedBytes,
            long actualLimit) {
        Optional<Long> expected = expectedLimit(phase, requestedBytes);
        if (projectId == 0 || expected.isEmpty() || QuotaLimits.holds(expected.get(), actualLimit)) {
            return Optional.empty();
        }
        String limit = actualLimit == 0 ? "no limit" : ByteSize.format(actualLimit) + " (" + actualLimit + " bytes)";
        String want = expected.get() == 0 ? "no limit" : ByteSize.format(expected.get()) + " (" + expected.get()
                + " bytes)";
        return Optional.of(new Drift(expected.get(), "project " + projectId + " of claim " + subject + " (" + phase
                + ") had " + limit + "; its record says " + want + ", which was put back"));
    }

    /** A limit that disagreed with its record, and the one put back. */
    public record Drift(long limitBytes, String message) {
    }
}
