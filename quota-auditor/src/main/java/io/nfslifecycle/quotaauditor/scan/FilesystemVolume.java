package io.nfslifecycle.quotaauditor.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Singleton;

import io.nfslifecycle.quotaauditor.findings.VolumeFigures;

/** The export root's filesystem figures ({@code statvfs}, as {@code df} shows them). */
@Singleton
public class FilesystemVolume {

    public VolumeFigures read(Path root) {
        try {
            FileStore store = Files.getFileStore(root);
            long total = store.getTotalSpace();
            return new VolumeFigures(total, total - store.getUnallocatedSpace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the capacity of " + root + ": " + e.getMessage(), e);
        }
    }
}
