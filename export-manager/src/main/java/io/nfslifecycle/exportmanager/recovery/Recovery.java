package io.nfslifecycle.exportmanager.recovery;

import io.nfslifecycle.events.OnDelete;

/**
 * The next step of a create or a release, from what the record says and what is on disk. The same function drives
 * the normal path and the restart after a crash, so a step cut short by kill -9 is finished, and a step done twice
 * is done once.
 */
public final class Recovery {
    private Recovery() {
    }

    /** Steps of a create (record PENDING). */
    public enum CreateStep {
        /** Nothing on disk yet: make the directory. */
        MAKE_DIRECTORY,
        /** The directory is there (made before a crash, or adopted): set its mode and record it READY. */
        SET_MODE_AND_RECORD,
        /** A link or a file is where the directory belongs, or a parent is one: refuse, touch nothing. */
        REFUSE_CONFLICT
    }

    public static CreateStep create(DirectoryState claimDirectory) {
        return switch (claimDirectory) {
            case ABSENT -> CreateStep.MAKE_DIRECTORY;
            case DIRECTORY -> CreateStep.SET_MODE_AND_RECORD;
            case NOT_A_DIRECTORY, UNSAFE_PARENT -> CreateStep.REFUSE_CONFLICT;
        };
    }

    /** Steps of a release (record RELEASING, or READY about to be released). */
    public enum ReleaseStep {
        /** Rename the claim directory to its archive name. */
        RENAME_TO_ARCHIVE,
        /** The rename is done (the archive is there, the claim directory gone): record ARCHIVED. */
        RECORD_ARCHIVED,
        /** Move the claim directory aside (atomically), then remove that tree. */
        MOVE_ASIDE_AND_DELETE,
        /** The tree was moved aside before a crash: remove it, then record DELETED. */
        DELETE_MOVED_ASIDE,
        /** Nothing left of the tree: record DELETED. */
        RECORD_DELETED,
        /** Keep the directory: record RETAINED. */
        RECORD_RETAINED,
        /** The directory is gone and no archive of it exists: record the reclaim and say so loudly. */
        RECORD_GONE,
        /** A link or a file is where the claim directory was: touch nothing, say so. */
        REFUSE_CONFLICT
    }

    /**
     * @param action         the reclaim action decided for the release
     * @param claimDirectory what is at the claim directory's path
     * @param archiveExists  whether the archive this release chose earlier exists (false when none was chosen)
     * @param movedAside     whether the tree moved aside by an earlier delete exists
     */
    public static ReleaseStep release(OnDelete action, DirectoryState claimDirectory, boolean archiveExists,
            boolean movedAside) {
        if (claimDirectory == DirectoryState.NOT_A_DIRECTORY || claimDirectory == DirectoryState.UNSAFE_PARENT) {
            return action == OnDelete.DELETE && movedAside ? ReleaseStep.DELETE_MOVED_ASIDE
                    : ReleaseStep.REFUSE_CONFLICT;
        }
        boolean present = claimDirectory == DirectoryState.DIRECTORY;
        return switch (action) {
            case RETAIN -> present ? ReleaseStep.RECORD_RETAINED : ReleaseStep.RECORD_GONE;
            case DELETE -> present ? ReleaseStep.MOVE_ASIDE_AND_DELETE
                    : movedAside ? ReleaseStep.DELETE_MOVED_ASIDE : ReleaseStep.RECORD_DELETED;
            case ARCHIVE -> present ? ReleaseStep.RENAME_TO_ARCHIVE
                    : archiveExists ? ReleaseStep.RECORD_ARCHIVED : ReleaseStep.RECORD_GONE;
        };
    }

    /** What a restart does about an export whose record says READY. */
    public enum ReadyCheck {
        /** The directory is there: nothing to do. */
        FINE,
        /** The directory is gone, or replaced by something else: report loudly; never re-create it silently. */
        REPORT_MISSING
    }

    public static ReadyCheck ready(DirectoryState claimDirectory) {
        return claimDirectory == DirectoryState.DIRECTORY ? ReadyCheck.FINE : ReadyCheck.REPORT_MISSING;
    }
}
