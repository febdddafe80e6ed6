package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a directory under the export root and any missing parents, each existing component a real directory, all of
 * them on disk when it returns; on failure whatever it made is removed again.
 */
final class DirectoryMaking {
    private DirectoryMaking() {
    }

    /**
     * @param entries the lock held while entries are added or renamed
     * @param syncs   the directory fsyncs shared with the creates running meanwhile
     */
    static void make(Path root, Object entries, DirectorySyncs syncs, List<String> segments, Path target)
            throws IOException {
        List<Path> made = new ArrayList<>();
        try {
            synchronized (entries) {
                Path path = root;
                for (int i = 0; i < segments.size(); i++) {
                    path = path.resolve(segments.get(i));
                    if (i == segments.size() - 1) {
                        makeLast(path);
                        made.add(path);
                        break;
                    }
                    Optional<BasicFileAttributes> attributes = Descriptors.lstat(path);
                    if (attributes.isEmpty()) {
                        Files.createDirectory(path); // never through a link: one that appears meanwhile makes it fail
                        made.add(path);
                    } else if (!Descriptors.isDirectory(attributes.get())) {
                        throw new UnsafePathException(path + " is a link or not a directory; nothing is made through "
                                + "it");
                    }
                }
            }
            // every entry on the way, also those another claim made and may not have synced yet; outside the lock,
            // and one fsync of a directory for the creates of every claim made meanwhile
            Path path = root;
            for (String segment : segments) {
                syncs.sync(path);
                path = path.resolve(segment);
            }
            if (Descriptors.lstat(target).filter(Descriptors::isDirectory).isEmpty()) {
                throw new UnsafePathException(target + " changed into a link while it was being made");
            }
        } catch (IOException e) {
            synchronized (entries) {
                for (int i = made.size() - 1; i >= 0; i--) {
                    try {
                        Files.deleteIfExists(made.get(i));
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
            }
            throw e;
        }
    }

    /** mkdir(2) never follows a link at the last component, and fails on anything there: tried, then looked at. */
    private static void makeLast(Path path) throws IOException {
        try {
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException e) {
            if (Descriptors.lstat(path).filter(Descriptors::isDirectory).isEmpty()) {
                throw new UnsafePathException(path + " is a link or not a directory; nothing is made through it");
            }
            throw e;
        }
    }
}
