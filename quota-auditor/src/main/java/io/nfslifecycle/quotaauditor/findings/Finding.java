package io.nfslifecycle.quotaauditor.findings;

import io.nfslifecycle.events.FindingKind;

/**
 * One thing an operator should know about.
 *
 * @param claimUid  the claim concerned; empty for volume-wide findings and unowned directories
 * @param path      the directory concerned, relative to the export root; empty for volume-wide findings
 * @param usedBytes the measured figure
 * @param limitBytes the figure it is compared with
 * @param shape     what must stay equal for the finding to count as unchanged, beyond the figures (e.g. how many
 *                  archives)
 * @param message   a sentence an operator can act on
 */
public record Finding(FindingKind kind, String claimUid, String namespace, String claimName, String path,
        long usedBytes, long limitBytes, String shape, String message) {

    /** Which situation this is: the same id on two runs is the same finding, perhaps with new figures. */
    public record Id(FindingKind kind, String claimUid, String path) {
    }

    public Id id() {
        return new Id(kind, claimUid, path);
    }

    /** The claim as {@code namespace/name}, or empty. */
    public String claim() {
        return claimUid.isEmpty() ? "" : namespace + "/" + claimName;
    }
}
