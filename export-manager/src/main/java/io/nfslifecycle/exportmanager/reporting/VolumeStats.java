package io.nfslifecycle.exportmanager.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nfslifecycle.exportmanager.admission.VolumeFigures;
import io.nfslifecycle.exportmanager.lifecycle.VolumeSource;

/**
 * {@code statvfs} of the export root, the same figures as {@code df -B1}: size = blocks x fragment size, used =
 * size - free blocks, free = blocks available to unprivileged writers.
 */
public final class VolumeStats implements VolumeSource {
    private final Path root;
    private final FileStore store;

    public VolumeStats(Path root) {
        this.root = root;
        try {
            // looked up once: finding the mount reads /proc/self/mounts; each figure below is a fresh statvfs
            this.store = Files.getFileStore(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the filesystem of " + root, e);
        }
    }

    @Override
    public VolumeFigures figures() throws IOException {
        long total = store.getTotalSpace();
        long unallocated = store.getUnallocatedSpace();
        long usable = store.getUsableSpace();
        return new VolumeFigures(total, total - unallocated, usable);
    }

    public Path root() {
        return root;
    }
}
