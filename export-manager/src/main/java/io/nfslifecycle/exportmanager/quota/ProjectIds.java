package io.nfslifecycle.exportmanager.quota;

import io.nfslifecycle.events.ExportRecord;

/**
 * Project ids for claim directories: each create takes the one after the highest any record holds (from the
 * configured first id), so an id is never given twice while a directory, an archive or a retained tree still
 * carries it. Ids below the first are left to the operator's own projects.
 */
public final class ProjectIds {
    private ProjectIds() {
    }

    /**
     * @param highestHeld the highest project id of any record (0: none)
     * @param first       the first id this manager may use
     * @throws IllegalStateException when the 32-bit id space above {@code first} is used up
     */
    public static long next(long highestHeld, long first) {
        if (first < 1 || first > ExportRecord.MAX_PROJECT_ID) {
            throw new IllegalArgumentException("nfs-lifecycle.quota.first-project-id must be between 1 and "
                    + ExportRecord.MAX_PROJECT_ID + ", was " + first);
        }
        long next = Math.max(first, highestHeld + 1);
        if (next > ExportRecord.MAX_PROJECT_ID) {
            throw new IllegalStateException("every project id from " + first + " to " + ExportRecord.MAX_PROJECT_ID
                    + " is taken; lower nfs-lifecycle.quota.first-project-id");
        }
        return next;
    }
}
