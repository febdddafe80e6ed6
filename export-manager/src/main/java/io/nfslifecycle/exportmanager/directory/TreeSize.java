package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The bytes a tree's regular files hold (their length, holes included, a file with several names once per name): the
 * total a copy of it reports its progress against. Read as {@link TreeCopy} reads, through directory descriptors
 * opened one level at a time, never through a link; an entry gone since it was listed is not counted.
 */
final class TreeSize {
    private TreeSize() {
    }

    /** {@code a + b}, or the largest long where that would overflow (sparse files of exabytes). */
    static long saturated(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static long of(SecureDirectoryStream<Path> parent, String entry, Path shown) throws IOException {
        Descriptors.requireDirectory(parent, entry, shown);
        Deque<SecureDirectoryStream<Path>> open = new ArrayDeque<>();
        Deque<Iterator<Path>> names = new ArrayDeque<>();
        IOException failure = null;
        long bytes = 0;
        try {
            open.push(parent.newDirectoryStream(Path.of(entry), Descriptors.NOFOLLOW));
            names.push(open.peek().iterator());
            while (!open.isEmpty()) {
                if (!names.peek().hasNext()) {
                    names.pop();
                    open.pop().close();
                    continue;
                }
                SecureDirectoryStream<Path> level = open.peek();
                Path name = names.peek().next().getFileName();
                BasicFileAttributes attributes;
                try {
                    attributes = level.getFileAttributeView(name, BasicFileAttributeView.class,
                            Descriptors.NOFOLLOW).readAttributes();
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    bytes = saturated(bytes, attributes.size());
                } else if (Descriptors.isDirectory(attributes)) {
                    try {
                        open.push(level.newDirectoryStream(name, Descriptors.NOFOLLOW));
                        names.push(open.peek().iterator());
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        } catch (DirectoryIteratorException e) {
            failure = e.getCause();
            throw failure;
        } finally {
            Descriptors.closeAll(open, failure);
        }
        return bytes;
    }
}
