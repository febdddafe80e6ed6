package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A regular file's data copied by the kernel, never through this process: a reflink ({@code FICLONE}) where the
 * filesystem shares blocks (XFS with reflink, btrfs), else {@code copy_file_range} over each run of data, so holes
 * stay holes. The source is opened below the export root with {@code openat2}, refusing any symbolic link or mount on
 * the way, and must be the very file the walk listed (same device and inode); the target is a new file of ours.
 * Where the calls are missing (an old kernel, no {@code /proc}, a filesystem that cannot) it says so and the caller
 * copies by reading and writing; that is found out once per copy and not asked again.
 */
final class FileData implements AutoCloseable {
    private static final long CHUNK = 64L << 20;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    /** Told how far into the file's length the copy got since it was last told; may stop the copy by throwing. */
    @FunctionalInterface
    interface Copying {
        void copied(long bytes) throws IOException;
    }

    /** How a file was copied: sharing the source's blocks, by the kernel, or not at all (left to the caller). */
    enum Kind { SHARED, KERNEL, NOT_DONE }

    record Done(Kind kind, long bytes) {
        static final Done NOT_DONE = new Done(Kind.NOT_DONE, 0);
    }

    private final int rootFd;
    /** The copy's own directory, opened before anything is written, so its flush reports every write's error. */
    private final int targetFd;
    private boolean opens;
    private boolean shares = true;
    private boolean ranges = true;

    private FileData(int rootFd, int targetFd) {
        this.rootFd = rootFd;
        this.targetFd = targetFd;
        this.opens = rootFd >= 0 && targetFd >= 0;
    }

    /**
     * The kernel copier for files below {@code root} into the directory {@code target}; one that copies nothing when
     * the calls are missing here.
     */
    static FileData below(Path root, Path target) {
        if (FileCalls.unavailable().isPresent()) {
            return new FileData(-1, -1);
        }
        int rootFd = FileCalls.open(FileCalls.cString(root.toString()),
                FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
        int targetFd = FileCalls.open(FileCalls.cString(target.toString()),
                FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
        return new FileData(rootFd, targetFd);
    }

    /**
     * Copies the file {@code relative} (to the root), listed by the walk with {@code fileKey}, into the new file
     * {@code target}, not flushed: {@link #flush} does that for the whole copy.
     */
    Done copy(Path relative, Object fileKey, Path target, Copying copying) throws IOException {
        if (!opens) {
            return Done.NOT_DONE;
        }
        // O_NONBLOCK: a named pipe a pod swapped in opens at once (and is then refused) instead of waiting for a writer
        int in = FileCalls.openBeneath(rootFd, relative, FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW
                | FileCalls.O_NONBLOCK | FileCalls.O_CLOEXEC);
        if (in < 0) {
            int errno = FileCalls.errno();
            return switch (errno) {
                // the path no longer leads to the file listed (a directory renamed or swapped for a link, a name this
                // JVM cannot spell): the caller copies it through the directory it holds open, or finds it gone
                case FileCalls.ENOENT, FileCalls.ENOTDIR, FileCalls.ELOOP, FileCalls.EXDEV -> Done.NOT_DONE;
                // no openat2 here, or a seccomp profile without it: the caller copies every file
                case FileCalls.ENOSYS, FileCalls.EINVAL, FileCalls.EOPNOTSUPP, FileCalls.EPERM -> off();
                default -> throw FileCalls.failure(errno, "open " + relative);
            };
        }
        try {
            if (!fileKey.equals(opened(in))) {
                return Done.NOT_DONE; // another file by now (replaced by a rename, or a pipe): the caller looks again
            }
            int out = FileCalls.open(FileCalls.cString(target.toString()), FileCalls.O_WRONLY | FileCalls.O_CREAT
                    | FileCalls.O_EXCL | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0600);
            if (out < 0) {
                throw FileCalls.failure(FileCalls.errno(), "create " + target);
            }
            Done done;
            try {
                done = into(in, out, target, copying);
            } finally {
                FileCalls.close(out);
            }
            if (done.kind() == Kind.NOT_DONE) {
                Files.delete(target);
            }
            return done;
        } catch (NoSuchFileException e) {
            return off(); // no /proc here: the opened file cannot be told from the listed one
        } finally {
            FileCalls.close(in);
        }
    }

    private Done off() {
        opens = false;
        return Done.NOT_DONE;
    }

    /**
     * The device and inode of an open descriptor, as the walk's attributes show them; none when it is no regular file
     * (an inode number is reused: a pipe made where the listed file was may have its number).
     */
    private static Object opened(int fd) throws IOException {
        java.util.Map<String, Object> unix = Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:fileKey,mode");
        return ((Integer) unix.get("mode") & S_IFMT) == S_IFREG ? unix.get("fileKey") : "not a regular file";
    }

    private Done into(int in, int out, Path target, Copying copying) throws IOException {
        long size = FileCalls.lseek(in, 0, FileCalls.SEEK_END);
        if (size < 0) {
            throw FileCalls.failure(FileCalls.errno(), "size " + target);
        }
        if (shares) {
            if (FileCalls.ioctl(out, FileCalls.FICLONE, in) == 0) {
                copying.copied(size);
                return new Done(Kind.SHARED, size);
            }
            int errno = FileCalls.errno();
            if (errno == FileCalls.ENOSPC || errno == FileCalls.EDQUOT) {
                throw FileCalls.failure(errno, "copy into " + target);
            }
            shares = errno == FileCalls.EINVAL; // a filesystem that cannot share blocks is not asked again
        }
        if (!ranges) {
            return Done.NOT_DONE;
        }
        long[] from = new long[1];
        long[] to = new long[1];
        long copied = 0;
        long at = 0;
        while (at < size) {
            long data = FileCalls.lseek(in, at, FileCalls.SEEK_DATA);
            if (data < 0 && FileCalls.errno() == FileCalls.ENXIO) {
                break; // only a hole is left
            }
            long hole = data < 0 ? -1 : FileCalls.lseek(in, data, FileCalls.SEEK_HOLE);
            if (hole < 0) {
                throw FileCalls.failure(FileCalls.errno(), "find the data of " + target + "'s source");
            }
            long run = range(in, out, from, to, data, Math.min(size, hole), copying, target, copied == 0);
            if (run < 0) {
                return Done.NOT_DONE;
            }
            copied += run;
            at = Math.max(hole, data + 1);
        }
        if (FileCalls.ftruncate(out, size) != 0) {
            throw FileCalls.failure(FileCalls.errno(), "size " + target);
        }
        if (size > copied) {
            copying.copied(size - copied); // the holes: done too
        }
        return new Done(Kind.KERNEL, copied);
    }

    /** Copies {@code [start, end)} at the same offsets; -1 when the filesystem cannot and nothing was copied. */
    private long range(int in, int out, long[] from, long[] to, long start, long end, Copying copying, Path target,
            boolean first) throws IOException {
        from[0] = start;
        to[0] = start;
        long copied = 0;
        while (start + copied < end) {
            long n = FileCalls.copy_file_range(in, from, out, to, Math.min(CHUNK, end - start - copied), 0);
            if (n < 0 && FileCalls.errno() == FileCalls.EINTR) {
                continue;
            }
            if (n == 0) {
                break; // the file shrank meanwhile
            }
            if (n < 0) {
                int errno = FileCalls.errno();
                if (first && copied == 0 && (errno == FileCalls.EXDEV || errno == FileCalls.EINVAL
                        || errno == FileCalls.ENOSYS || errno == FileCalls.EOPNOTSUPP)) {
                    ranges = false;
                    return -1;
                }
                throw FileCalls.failure(errno, "copy into " + target);
            }
            copied += n;
            copying.copied(n);
        }
        return copied;
    }

    /** True when {@link #flush} flushes the filesystem at once, so files and directories need no flush each. */
    boolean flushesAtTheEnd() {
        return rootFd >= 0 && targetFd >= 0;
    }

    /**
     * Flushes everything written to the filesystem holding {@code directory} ({@code syncfs}: the data, the inodes
     * and the journal, the copy's and whatever else was waiting), so that a copy renamed into place after it survives
     * a power cut whole. One flush costs less than one per file: the journal commits once.
     */
    void flush(Path directory) throws IOException {
        // through the descriptor opened before the copy wrote anything: a write-back error of the copy's is reported
        // here even if another flush saw it first (Linux 5.8 and later report them at all)
        if (FileCalls.syncfs(targetFd) != 0) {
            throw FileCalls.failure(FileCalls.errno(), "flush the filesystem of " + directory);
        }
    }

    @Override
    public void close() {
        if (rootFd >= 0) {
            FileCalls.close(rootFd);
        }
        if (targetFd >= 0) {
            FileCalls.close(targetFd);
        }
    }
}
