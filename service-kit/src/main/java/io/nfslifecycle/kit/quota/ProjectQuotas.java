package io.nfslifecycle.kit.quota;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The port to a filesystem's project quotas: the only place the services touch them. A project is a number the
 * filesystem charges every block and inode of the files tagged with it; a directory tagged with the inherit flag
 * passes its project to everything made inside it, so one project per claim directory accounts (and with a hard
 * limit, stops) exactly that claim's tree. Limits are bytes; 0 means none.
 */
public interface ProjectQuotas {

    /** Tags {@code directory} (reached without following a link at its last component) with the project and the inherit flag. */
    void tag(Path directory, long projectId) throws IOException;

    /** The project {@code directory} is tagged with; 0 when none. */
    long projectOf(Path directory) throws IOException;

    /** Sets the project's hard block limit to {@code bytes} (rounded up to whole KiB); 0 lifts it. */
    void limit(long projectId, long bytes) throws IOException;

    /** What the quota accounting holds of one project: its hard limit and what its files use. */
    ProjectUsage usage(long projectId) throws IOException;

    /** Every project the accounting knows with a limit or a use, from {@code firstId} up, in id order. */
    List<ProjectUsage> all(long firstId) throws IOException;

    /** What the accounting holds of one project. */
    record ProjectUsage(long projectId, long limitBytes, long usedBytes, long files) {
    }
}
