package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Empties a directory without recursion and with two descriptors open at most, whatever the depth: every
 * sub-directory's entries are moved up into the top one, then the emptied sub-directory is removed. Links are removed
 * as links; nothing is reached through them.
 */
final class TreeRemoval {
    private long moved;

    private TreeRemoval() {
    }

    static void empty(SecureDirectoryStream<Path> parent, String entry) throws IOException {
        new TreeRemoval().emptyAll(parent, entry);
    }

    private void emptyAll(SecureDirectoryStream<Path> parent, String entry) throws IOException {
        boolean more = true;
        while (more) {
            // a directory stream lists once: open the top again for each round
            try (SecureDirectoryStream<Path> top = parent.newDirectoryStream(Path.of(entry), Descriptors.NOFOLLOW)) {
                List<Path> names = Descriptors.names(top);
                more = !names.isEmpty();
                for (Path child : names) {
                    removeOrLift(top, child);
                }
            }
        }
    }

    /** A file or link is removed; a directory's entries are moved up into the top, then it is removed. */
    private void removeOrLift(SecureDirectoryStream<Path> top, Path child) throws IOException {
        Optional<BasicFileAttributes> attributes = Descriptors.lstat(top, child.toString());
        if (attributes.isEmpty()) {
            return;
        }
        if (!Descriptors.isDirectory(attributes.get())) {
            top.deleteFile(child);
            return;
        }
        try (SecureDirectoryStream<Path> sub = top.newDirectoryStream(child, Descriptors.NOFOLLOW)) {
            for (Path grandchild : Descriptors.names(sub)) {
                sub.move(grandchild, top, freeName(top));
            }
        }
        top.deleteDirectory(child);
    }

    private Path freeName(SecureDirectoryStream<Path> top) throws IOException {
        Path name;
        do {
            name = Path.of(".nfs-lifecycle-" + moved++);
        } while (Descriptors.lstat(top, name.toString()).isPresent());
        return name;
    }
}
