package io.nfslifecycle.events;

/**
 * How an archive is named, a rule both the export manager (which renames a released claim's directory) and the quota
 * auditor (which counts archives) keep: {@code archived-<name>} beside the claim directory. No claim directory may
 * start with the prefix, so no claim can ever be handed an archive.
 */
public final class Archives {
    public static final String PREFIX = "archived-";

    private Archives() {
    }

    /** The first archive name of a claim directory (relative to the export root): {@code a/b} gives {@code a/archived-b}. */
    public static String of(String relativePath) {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? PREFIX + relativePath
                : relativePath.substring(0, slash + 1) + PREFIX + relativePath.substring(slash + 1);
    }

    /** Whether a path segment is an archive's name. */
    public static boolean isArchive(String segment) {
        return segment.startsWith(PREFIX);
    }
}
