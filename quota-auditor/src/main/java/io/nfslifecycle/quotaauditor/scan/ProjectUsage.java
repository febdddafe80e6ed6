package io.nfslifecycle.quotaauditor.scan;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.nfslifecycle.kit.quota.QuotaLimits;
import io.nfslifecycle.quotaauditor.findings.QuotaFigures;

/**
 * What each claim directory with a project uses, from the quota accounting and without a walk: {@code statfs} of a
 * directory tagged with a project that has a hard limit answers with the project's figures (XFS and ext4 both: its
 * size is the limit, its free blocks the limit less what the project is charged), one call per claim whatever the
 * number of its files. Unprivileged: no quotactl, so the auditor keeps no capability beyond reading. A directory
 * whose {@code statfs} does not show its project's limit (no quotas, a limit lifted) is walked instead.
 * The kernel answers with the smaller of the project's free space and the volume's, so when the volume has less
 * free space than the project has left, {@code total - free} is no longer what the project is charged: such a
 * directory (its free space not below the root's) is walked too. On ext4 a writer past the limit (root) is seen at
 * the limit only; the periodic walk sees the rest.
 */
public final class ProjectUsage {

    /** {@code statfs} of one directory: total and free bytes. */
    public interface Statfs {
        long[] totalAndFree(Path directory) throws IOException;
    }

    private final Path root;
    private final Statfs statfs;

    public ProjectUsage(Path root) {
        this(root, directory -> {
            FileStore store = Files.getFileStore(directory);
            return new long[] {store.getTotalSpace(), store.getUnallocatedSpace()};
        });
    }

    public ProjectUsage(Path root, Statfs statfs) {
        this.root = root;
        this.statfs = statfs;
    }

    /** A claim directory with a project, and the limit its record says the project carries. */
    public record Project(long projectId, long limitBytes) {
    }

    /**
     * The figures of each directory (relative to the root) whose {@code statfs} shows its project's limit; the others
     * are left out, to be walked.
     */
    public Map<String, QuotaFigures> read(Map<String, Project> projects) {
        Map<String, QuotaFigures> figures = new HashMap<>();
        long rootFree;
        try {
            rootFree = statfs.totalAndFree(root)[1];
        } catch (IOException e) {
            return figures; // the root itself is unreadable: the walk says so
        }
        projects.forEach((relative, project) -> {
            try {
                long[] totalAndFree = statfs.totalAndFree(root.resolve(relative));
                boolean clamped = totalAndFree[1] + QuotaLimits.LARGEST_BLOCK > rootFree;
                if (QuotaLimits.holds(project.limitBytes(), totalAndFree[0]) && !clamped) {
                    figures.put(relative, new QuotaFigures(project.projectId(), totalAndFree[0],
                            totalAndFree[0] - totalAndFree[1], 0));
                }
            } catch (IOException e) {
                // gone, or unreadable: the walk finds out and says so
            }
        });
        return figures;
    }
}
