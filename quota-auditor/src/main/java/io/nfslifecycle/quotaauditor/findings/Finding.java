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

    /** The shape as data, for the event's {@code details}: {@code archives=3} is {@code {archives: "3"}}. */
    public java.util.Map<String, String> details() {
        java.util.Map<String, String> details = new java.util.TreeMap<>();
        for (String pair : shape.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                details.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return details;
    }

    /** The shape an event's {@code details} stand for: the inverse of {@link #details()}. */
    public static String shapeOf(java.util.Map<String, String> details) {
        return new java.util.TreeMap<>(details).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The claim as {@code namespace/name}, or empty. */
    public String claim() {
        return claimUid.isEmpty() ? "" : namespace + "/" + claimName;
    }
}
