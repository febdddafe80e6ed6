package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies a claim's tree into an empty directory of ours. The source is read only through directory descriptors
 * opened one level at a time with O_NOFOLLOW, so nothing outside it is ever read, whatever a pod does to it meanwhile
 * (a directory swapped for a link fails the copy instead). Regular files, directories and symbolic links are copied
 * (links as links, never followed); files with several names inside the tree are linked again in the copy;
 * permissions, owners and times are kept, set-id and sticky bits are not (a pod could swap a file between its check
 * and its open, and a set-id file of somebody else's with a pod's bytes is not a copy to make); runs of zeros in a
 * file are left as holes (the kernel's copy keeps the source's holes instead). A file's data is copied by the kernel
 * where it can be ({@link FileData}: shared blocks on a filesystem with reflinks, else {@code copy_file_range} over
 * the runs of data), by reading and writing where it cannot. Every file and directory is on disk before the copy is
 * done (one flush of the filesystem, or one per file where that cannot be had), so a copy renamed into place
 * survives a power cut whole. Sockets, pipes and devices are skipped and counted. No recursion: a stack of
 * open directories, as deep as the tree.
 */
public final class TreeCopy {
    private static final Set<java.nio.file.OpenOption> READ = Set.of(StandardOpenOption.READ,
            LinkOption.NOFOLLOW_LINKS);
    private static final int CHUNK = 1 << 20;
    private static final LinkOption[] NOFOLLOW = Descriptors.NOFOLLOW;

    /** Told the bytes and entries copied so far, every few MiB and at the end; may stop the copy by throwing. */
    @FunctionalInterface
    public interface Progress {
        void copied(long bytes, long entries) throws IOException;
    }

    /**
     * What a copy did: {@code bytes} counts a file with several names once per name; of the data, {@code shared} was
     * reflinked and {@code inKernel} copied by the kernel, the rest read and written here.
     */
    public record Copied(long bytes, long files, long directories, long links, long hardLinks, long skipped,
            long shared, long inKernel) {
    }

    private record Level(SecureDirectoryStream<Path> source, Iterator<Path> names, Path sourcePath, Path relative,
            Path target, PosixFileAttributes attributes) {
    }

    private final Progress progress;
    private final FileData data;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    /** Files with more than one name: the copy's first name of each, by the source's (device, inode). */
    private final Map<Object, Path> linked = new HashMap<>();
    private long bytes;
    private long files;
    private long directories;
    private long links;
    private long hardLinks;
    private long skipped;
    private long shared;
    private long inKernel;
    private long reportedAt;
    private long listed;

    private TreeCopy(Progress progress, FileData data) {
        this.progress = progress;
        this.data = data;
    }

    /**
     * Copies the directory {@code entry} of {@code parent} (shown as {@code sourcePath}) into {@code target}, which
     * exists and is empty; the target's own mode, owner and times become the source's. {@code relative} is the
     * source's path below the directory {@code data} opens files from.
     */
    static Copied copy(SecureDirectoryStream<Path> parent, String entry, Path sourcePath, Path relative, Path target,
            FileData data, Progress progress) throws IOException {
        return new TreeCopy(progress, data).run(parent, entry, sourcePath, relative, target);
    }

    private Copied run(SecureDirectoryStream<Path> parent, String entry, Path sourcePath, Path relative, Path target)
            throws IOException {
        Descriptors.requireDirectory(parent, entry, sourcePath);
        PosixFileAttributes top = attributes(parent, Path.of(entry));
        Deque<Level> stack = new ArrayDeque<>();
        IOException failure = null;
        try {
            stack.push(open(parent, Path.of(entry), sourcePath, relative, target, top));
            while (!stack.isEmpty()) {
                Level level = stack.peek();
                if (!level.names().hasNext()) {
                    stack.pop().source().close();
                    finish(level.target(), level.attributes());
                    continue;
                }
                Path name = level.names().next().getFileName();
                if (++listed % 1024 == 0) {
                    progress.copied(bytes, files + directories + links + hardLinks); // many small files: told too
                }
                Level deeper = entry(level, name);
                if (deeper != null) {
                    stack.push(deeper);
                }
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            Descriptors.closeAll(stack.stream().map(Level::source)
                    .collect(Collectors.toCollection(ArrayDeque::new)), failure);
        }
        if (data.flushesAtTheEnd()) {
            data.flush(target);
        }
        progress.copied(bytes, files + directories + links + hardLinks);
        return new Copied(bytes, files, directories, links, hardLinks, skipped, shared, inKernel);
    }

    private Level open(SecureDirectoryStream<Path> parent, Path name, Path sourcePath, Path relative, Path target,
            PosixFileAttributes attributes) throws IOException {
        SecureDirectoryStream<Path> stream = parent.newDirectoryStream(name, NOFOLLOW);
        return new Level(stream, stream.iterator(), sourcePath, relative, target, attributes);
    }

    /** Copies one entry of a directory; a directory is made and returned to be walked next. */
    private Level entry(Level level, Path name) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = attributes(level.source(), name);
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // gone since it was listed
        }
        Path target = level.target().resolve(name.toString());
        Path sourcePath = level.sourcePath().resolve(name.toString());
        Path relative = level.relative().resolve(name.toString());
        if (attributes.isSymbolicLink()) {
            // readlink has no descriptor-relative form here: the link read by path must be the one listed
            Object listed = Files.readAttributes(sourcePath, "unix:fileKey", NOFOLLOW).get("fileKey");
            if (!attributes.fileKey().equals(listed)) {
                throw new IOException(sourcePath + " was replaced while it was being copied");
            }
            Files.createSymbolicLink(target, Files.readSymbolicLink(sourcePath));
            owner(target, attributes);
            times(target, attributes);
            links++;
        } else if (attributes.isDirectory()) {
            Files.createDirectory(target);
            directories++;
            return open(level.source(), name, sourcePath, relative, target, attributes);
        } else if (attributes.isRegularFile()) {
            file(level.source(), name, sourcePath, relative, target, attributes);
        } else {
            skipped++;
        }
        return null;
    }

    private void file(SecureDirectoryStream<Path> parent, Path name, Path sourcePath, Path relative, Path target,
            PosixFileAttributes attributes) throws IOException {
        int names = linkCount(sourcePath, attributes);
        Object key = attributes.fileKey();
        if (names > 1 && linked.containsKey(key)) {
            Files.createLink(target, linked.get(key));
            hardLinks++;
            copied(attributes.size());
            return;
        }
        FileData.Done done = data.copy(relative, key, target, this::copied);
        if (done.kind() == FileData.Kind.SHARED) {
            shared += done.bytes();
        } else if (done.kind() == FileData.Kind.KERNEL) {
            inKernel += done.bytes();
        }
        if (done.kind() == FileData.Kind.NOT_DONE && !readWrite(parent, name, target)) {
            return;
        }
        files++;
        owner(target, attributes);
        Files.setPosixFilePermissions(target, attributes.permissions());
        times(target, attributes);
        if (names > 1) {
            linked.put(key, target);
        }
    }

    /** The file copied by reading and writing; false when it went since it was listed, or is no file any more. */
    private boolean readWrite(SecureDirectoryStream<Path> parent, Path name, Path target) throws IOException {
        try {
            if (!attributes(parent, name).isRegularFile()) {
                skipped++; // swapped for a pipe, a device or a link since it was listed
                return false;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        try (SeekableByteChannel in = parent.newByteChannel(name, READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            contents(in, out);
            if (!data.flushesAtTheEnd()) {
                out.force(false);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            Files.deleteIfExists(target);
            return false;
        }
        return true;
    }

    private void copied(long more) throws IOException {
        bytes = TreeSize.saturated(bytes, more);
        if (bytes - reportedAt >= 8L * CHUNK) {
            reportedAt = bytes;
            progress.copied(bytes, files + directories + links + hardLinks);
        }
    }

    /** How many names the file has, read by path: 1 when that cannot be told (it is then copied as its own file). */
    private static int linkCount(Path sourcePath, PosixFileAttributes attributes) {
        try {
            Map<String, Object> unix = Files.readAttributes(sourcePath, "unix:nlink,fileKey", NOFOLLOW);
            return attributes.fileKey().equals(unix.get("fileKey")) ? (Integer) unix.get("nlink") : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    /** Copies the bytes, leaving whole chunks of zeros as holes; the copy ends as long as the source. */
    private void contents(SeekableByteChannel in, FileChannel out) throws IOException {
        long position = 0;
        boolean endsInHole = false;
        while (true) {
            buffer.clear();
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            buffer.flip();
            endsInHole = read == CHUNK && zeros(buffer);
            if (!endsInHole) {
                long at = position;
                while (buffer.hasRemaining()) {
                    at += out.write(buffer, at);
                }
            }
            position += read;
            copied(read);
        }
        if (endsInHole) {
            out.write(ByteBuffer.wrap(new byte[1]), position - 1);
        }
    }

    private static boolean zeros(ByteBuffer chunk) {
        for (int i = chunk.position(); i + Long.BYTES <= chunk.limit(); i += Long.BYTES) {
            if (chunk.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A directory's owner, permissions and times, set once its entries are in; then it is flushed to disk. */
    private void finish(Path target, PosixFileAttributes attributes) throws IOException {
        owner(target, attributes);
        Files.setPosixFilePermissions(target, attributes.permissions());
        times(target, attributes);
        if (!data.flushesAtTheEnd()) {
            Descriptors.syncDirectory(target);
        }
    }

    private static PosixFileAttributes attributes(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        return parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
    }

    private static void owner(Path target, PosixFileAttributes attributes) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class, NOFOLLOW);
        view.setOwner(attributes.owner());
        view.setGroup(attributes.group());
    }

    private static void times(Path target, PosixFileAttributes attributes) throws IOException {
        Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(attributes.lastModifiedTime(), attributes.lastAccessTime(), null);
    }
}
