package io.nfslifecycle.exportmanager.store;

import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

/**
 * What the export manager keeps durably per claim: the contract's export record plus what it needs to finish or
 * undo a half-done step after a crash, and to publish the record's state again.
 *
 * @param export      the record as published
 * @param directory   the claim directory relative to the export root; empty when no name could be made
 * @param adopted     the directory existed before this claim (an nfs-subdir directory taken over), so this record did
 *                    not create it and {@code delete} archives it instead
 * @param finalPath   where the data went on release: the archive (relative to the root) while archiving and after;
 *                    empty otherwise
 * @param failureCode for a FAILED record, the {@code export.failed} code it was refused with; empty otherwise
 * @param retryable   for a FAILED record, whether the same request may succeed later
 * @param releaseAction what the release under way does with the directory, decided when it began (so a restart
 *                    finishes it the same way); null before a release, and in records made before it was kept
 * @param cloneSource   the uid of the claim whose export this one's directory is a copy of (a clone); empty otherwise
 * @param archiveRetention the claim's {@code archiveRetention} (its StorageClass's), kept until its release archives
 *                      it; empty for the server's default
 * @param archive       for an ARCHIVED record (and a DELETED one whose archive was purged): the archive's retention,
 *                      size and purge; null otherwise, and in archives made before it was kept until the next start
 * @param restoreFrom   the id of the archive whose directory becomes this claim's (a restore); empty otherwise
 */
public record StoredExport(ExportRecord export, String directory, boolean adopted, String finalPath,
        String failureCode, boolean retryable, OnDelete releaseAction, String cloneSource, String archiveRetention,
        ArchiveInfo archive, String restoreFrom) {

    public StoredExport {
        if (export == null || directory == null || finalPath == null) {
            throw new IllegalArgumentException("a stored export has a record, a directory and a final path");
        }
        failureCode = failureCode == null ? "" : failureCode;
        cloneSource = cloneSource == null ? "" : cloneSource;
        archiveRetention = archiveRetention == null ? "" : archiveRetention;
        restoreFrom = restoreFrom == null ? "" : restoreFrom;
    }

    public StoredExport(ExportRecord export, String directory, boolean adopted, String finalPath,
            String failureCode, boolean retryable, OnDelete releaseAction, String cloneSource) {
        this(export, directory, adopted, finalPath, failureCode, retryable, releaseAction, cloneSource, "", null, "");
    }

    public StoredExport(ExportRecord export, String directory, boolean adopted, String finalPath,
            String failureCode, boolean retryable, OnDelete releaseAction) {
        this(export, directory, adopted, finalPath, failureCode, retryable, releaseAction, "");
    }

    public StoredExport(ExportRecord export, String directory, boolean adopted, String finalPath) {
        this(export, directory, adopted, finalPath, "", false, null);
    }

    public String claimUid() {
        return export.claimUid();
    }

    public StoredExport with(ExportRecord newExport) {
        return new StoredExport(newExport, directory, adopted, finalPath, failureCode, retryable,
                releaseAction, cloneSource, archiveRetention, archive, restoreFrom);
    }

    /** The same export, its directory treated as adopted: somebody's data, never chmod-ed, archived not deleted. */
    public StoredExport asAdopted() {
        return new StoredExport(export, directory, true, finalPath, failureCode, retryable, releaseAction, cloneSource,
                archiveRetention, archive, restoreFrom);
    }

    /** A create that copies the export of claim {@code sourceUid} into its directory. */
    public StoredExport cloning(String sourceUid) {
        return new StoredExport(export, directory, adopted, finalPath, failureCode, retryable, releaseAction,
                sourceUid, archiveRetention, archive, restoreFrom);
    }

    /** The same export, its archive kept for {@code retention} once released (empty: the server's default). */
    public StoredExport retainingArchiveFor(String retention) {
        return new StoredExport(export, directory, adopted, finalPath, failureCode, retryable, releaseAction,
                cloneSource, retention, archive, restoreFrom);
    }

    /** The same export with what is known of its archive. */
    public StoredExport withArchive(ArchiveInfo info) {
        return new StoredExport(export, directory, adopted, finalPath, failureCode, retryable, releaseAction,
                cloneSource, archiveRetention, info, restoreFrom);
    }

    /** A create whose directory is the archive {@code archiveId}, moved into place. */
    public StoredExport restoring(String archiveId) {
        return new StoredExport(export, directory, adopted, finalPath, failureCode, retryable, releaseAction,
                cloneSource, archiveRetention, archive, archiveId);
    }

    /** Whether the directory is (to be) an archive moved into place. */
    public boolean restores() {
        return !restoreFrom.isEmpty();
    }

    /** Whether the directory starts with data of another claim: a clone's copy, or a restored archive. */
    public boolean startsWithData() {
        return clones() || restores();
    }

    /** Whether the directory is (to be) a copy of another claim's. */
    public boolean clones() {
        return !cloneSource.isEmpty();
    }

    public StoredExport withFinalPath(String path) {
        return new StoredExport(export, directory, adopted, path, failureCode, retryable, releaseAction, cloneSource,
                archiveRetention, archive, restoreFrom);
    }

    /** The refused record, with the code and whether a retry may succeed. */
    public StoredExport failed(ExportRecord failedExport, String code, boolean mayRetry) {
        return new StoredExport(failedExport, directory, adopted, finalPath, code, mayRetry, releaseAction,
                cloneSource, archiveRetention, archive, restoreFrom);
    }

    /** The release beginning: the RELEASING record, what it does with the directory, and the archive it chose. */
    public StoredExport releasing(ExportRecord releasingExport, OnDelete action, String archive) {
        return new StoredExport(releasingExport, directory, adopted, archive, "", false, action, cloneSource,
                archiveRetention, this.archive, restoreFrom);
    }
}
