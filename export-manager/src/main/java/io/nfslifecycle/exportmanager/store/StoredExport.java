package io.nfslifecycle.exportmanager.store;

import io.nfslifecycle.events.ExportRecord;

/**
 * What the export manager keeps durably per claim: the contract's export record plus what it needs to finish or
 * undo a half-done step after a crash.
 *
 * @param export        the record as published
 * @param directory     the claim directory relative to the export root; empty when no name could be made
 * @param adopted       the directory existed before this claim (an nfs-subdir directory taken over), so this
 *                      record did not create it and {@code delete} archives it instead
 * @param finalPath     where the data went on release: the archive (relative to the root) while archiving and
 *                      after; empty otherwise
 */
public record StoredExport(ExportRecord export, String directory, boolean adopted, String finalPath) {

    public StoredExport {
        if (export == null || directory == null || finalPath == null) {
            throw new IllegalArgumentException("a stored export has a record, a directory and a final path");
        }
    }

    public String claimUid() {
        return export.claimUid();
    }

    public StoredExport with(ExportRecord newExport) {
        return new StoredExport(newExport, directory, adopted, finalPath);
    }

    public StoredExport withFinalPath(String path) {
        return new StoredExport(export, directory, adopted, path);
    }
}
