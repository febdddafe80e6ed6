package io.nfslifecycle.quotaauditor.exports;

import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.Archives;

/**
 * Where an export's directory is under the export root: its {@code path} (absolute, as clients mount it) with the
 * root's mount prefix taken off. A {@code pathPattern} may nest a claim directory ({@code ns/app/data}); its
 * archive is {@code archived-<name>} beside it.
 */
public final class ExportDirectories {

    private ExportDirectories() {
    }

    /**
     * @param exportPath the record's {@code path}
     * @param prefixes   the export root as clients mount it and as this machine sees it, absolute
     * @return the directory relative to the export root, or empty when the path is not strictly under any prefix
     */
    public static Optional<String> relativePath(String exportPath, List<String> prefixes) {
        for (String prefix : prefixes) {
            String root = trimTrailingSlashes(prefix);
            if (exportPath.startsWith(root + "/")) {
                String rest = trimTrailingSlashes(exportPath.substring(root.length() + 1));
                if (isSafe(rest)) {
                    return Optional.of(rest);
                }
            }
        }
        return Optional.empty();
    }

    /** The archive the export manager renames a claim directory to: {@code archived-<name>} beside it. */
    public static String archiveOf(String relativePath) {
        return Archives.of(relativePath);
    }

    private static boolean isSafe(String relative) {
        if (relative.isEmpty()) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String trimTrailingSlashes(String s) {
        String out = s;
        while (out.length() > 1 && out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
