package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import io.nfslifecycle.exportmanager.naming.DirectoryName;

/**
 * One rename of a directory under the export root, through the descriptors of both parents ({@code renameat}), so
 * no link on either way is followed: to a free name, or onto an empty real directory it then replaces.
 */
final class DirectoryMove {
    private DirectoryMove() {
    }

    /** Moves {@code fromLeaf} beside {@code from} to {@code toLeaf} beside {@code to}. */
    static void move(ExportRoot root, DirectoryName from, String fromLeaf, DirectoryName to, String toLeaf,
            boolean ontoEmpty) throws IOException {
        Path source = root.resolveBeside(from, fromLeaf);
        Path target = root.resolveBeside(to, toLeaf);
        try (SecureDirectoryStream<Path> fromParent = root.openParent(from);
                SecureDirectoryStream<Path> toParent = root.openParent(to)) {
            Descriptors.requireDirectory(fromParent, fromLeaf, source);
            // under the lock of create: no claim of ours can make the target between the check and the rename
            synchronized (root.entries()) {
                Optional<BasicFileAttributes> there = Descriptors.lstat(toParent, toLeaf);
                boolean free = ontoEmpty ? there.isPresent() && Descriptors.isDirectory(there.get())
                        && empty(toParent, toLeaf) : there.isEmpty();
                if (!free) {
                    throw new FileAlreadyExistsException(target.toString(), null, ontoEmpty
                            ? "not an empty real directory; nothing is moved onto it" : "exists already");
                }
                // onto an empty directory rename(2) replaces it; onto anything else it fails (ENOTEMPTY, ENOTDIR)
                fromParent.move(Path.of(fromLeaf), toParent, Path.of(toLeaf));
            }
        }
        Descriptors.syncDirectory(source.getParent());
        if (!source.getParent().equals(target.getParent())) {
            Descriptors.syncDirectory(target.getParent());
        }
    }

    private static boolean empty(SecureDirectoryStream<Path> parent, String leaf) throws IOException {
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(Path.of(leaf), Descriptors.NOFOLLOW)) {
            return !directory.iterator().hasNext();
        }
    }
}
