package io.nfslifecycle.exportmanager.lifecycle;

/** The durable steps of a create, a release and a purge; a crash can fall between any two of them. */
public enum Step {
    /** Create: the PENDING record (the intent) is on disk. */
    PENDING_RECORDED,
    /** Clone: the staging directory beside the claim's is made (and carries the project); nothing copied yet. */
    CLONE_STAGED,
    /** Clone: the source's tree is copied into the staging directory, not yet renamed into place. */
    CLONE_COPIED,
    /** Create: the directory exists, its mode not set yet (a clone: the copy is renamed into place). */
    DIRECTORY_MADE,
    /** Create: the directory carries its project and the project its limit (where quotas are enforced). */
    QUOTA_SET,
    /** Create: the mode is set; the record still says PENDING. */
    MODE_SET,
    /** Create: the READY record is on disk; the result is not published yet. */
    READY_RECORDED,
    /** Release: the RELEASING record (with the chosen archive name) is on disk. */
    RELEASING_RECORDED,
    /** Release: the directory was renamed (to its archive, or aside for deletion). */
    DIRECTORY_MOVED,
    /** Release: the tree moved aside was removed. */
    TREE_DELETED,
    /** Release: the ARCHIVED, DELETED or RETAINED record is on disk; the result is not published yet. */
    RECLAIM_RECORDED,
    /** Purge: the archive's record says it is being purged, and why; the archive is untouched. */
    PURGE_RECORDED,
    /** Purge: the archive was renamed aside ({@code .nfs-lifecycle-purging-<uid>}), not removed yet. */
    PURGE_MOVED,
    /** Purge: the tree moved aside was removed. */
    PURGE_DELETED,
    /** Purge: the DELETED record (with when it was purged) is on disk; {@code export.purged} is not published yet. */
    PURGED,
    /** Restore: the archive's record says which claim took it; the claim's PENDING record is not written yet. */
    RESTORE_TAKEN,
    /** Restore: the archive was renamed onto the claim's (empty) directory; the claim is not READY yet. */
    RESTORE_MOVED,
    /** Restore: the archive's record says where it went (DELETED, restored into the claim). */
    RESTORE_SETTLED
}
