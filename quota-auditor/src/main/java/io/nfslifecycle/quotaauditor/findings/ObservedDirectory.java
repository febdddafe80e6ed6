package io.nfslifecycle.quotaauditor.findings;

import java.time.Instant;

/**
 * A directory the scan found under the export root and measured.
 *
 * @param relativePath where it is, relative to the export root
 * @param role         why the scan measured it
 * @param measurement  what it holds
 * @param changedAt    its inode's last change ({@code ctime}): for an archive, when it was renamed into place
 */
public record ObservedDirectory(String relativePath, Role role, Measurement measurement, Instant changedAt) {

    public enum Role {
        /** The directory of a live export. */
        CLAIM,
        /** An {@code archived-*} directory. */
        ARCHIVE,
        /** Anything else: owned by no live export. */
        UNOWNED
    }
}
