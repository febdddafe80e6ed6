package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Looking at entries without following links, through directory descriptors or paths; fsync of a directory. */
final class Descriptors {
    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private Descriptors() {
    }

    /** The entry's own attributes (a link is a link), or empty when it is not there. */
    static Optional<BasicFileAttributes> lstat(SecureDirectoryStream<Path> parent, String entry) throws IOException {
        try {
            return Optional.of(parent.getFileAttributeView(Path.of(entry), BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static Optional<BasicFileAttributes> lstat(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real directory, not a link to one. */
    static boolean isDirectory(BasicFileAttributes attributes) {
        return attributes.isDirectory() && !attributes.isSymbolicLink();
    }

    static void requireDirectory(SecureDirectoryStream<Path> parent, String entry, Path shown) throws IOException {
        Optional<BasicFileAttributes> attributes = lstat(parent, entry);
        if (attributes.isEmpty()) {
            throw new NoSuchFileException(shown.toString());
        }
        if (!isDirectory(attributes.get())) {
            throw new UnsafePathException(shown + " is a symbolic link or not a directory; it is left untouched");
        }
    }

    /** The names a directory lists now (a stream lists once). */
    static List<Path> names(SecureDirectoryStream<Path> stream) {
        List<Path> names = new ArrayList<>();
        for (Path p : stream) {
            names.add(p.getFileName());
        }
        return names;
    }

    static void closeAll(Deque<SecureDirectoryStream<Path>> streams, IOException failure) throws IOException {
        while (!streams.isEmpty()) {
            try {
                streams.pop().close();
            } catch (IOException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** fsync of a directory, so a new entry or a rename in it survives a crash. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
