package io.nfslifecycle.quotaauditor.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.nfslifecycle.quotaauditor.findings.Measurement;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Measures directory trees in parallel, one fork-join task per directory, so two cores share even a single large
 * claim. Each directory is opened by path with {@code O_NOFOLLOW | O_DIRECTORY} and checked to be the very inode
 * its parent listed, on the export root's filesystem: a symbolic link is never followed (not even one swapped in
 * mid-walk), a mount point is never entered. Entries that vanish between listing and {@code statx} are skipped.
 * Memory grows with the number of directories (pending tasks) and of multiply-linked files, never with the number
 * of files.
 */
public final class TreeWalk {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final int DENTS_SIZE = 64 * 1024;
    private static final Memory EMPTY_NAME = new Memory(1);
    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static {
        EMPTY_NAME.setByte(0, (byte) 0);
    }

    /** A directory to measure, and the inode it must be (as listed by its parent); {@code -1}: any. */
    public record Top(Path path, long ino) {
    }

    /** Figures about the walk itself, for the log and the report. */
    public record Outcome(List<Optional<Measurement>> measurements, long vanished, long unreadable, long otherFilesystem) {
    }

    private final ForkJoinPool pool;
    private final Consumer<Path> listed;

    /** @param pool where directory tasks run; its parallelism is the number of cores the walk may use */
    public TreeWalk(ForkJoinPool pool) {
        this(pool, null);
    }

    /** @param listed called with each directory after it was listed and before its entries are examined (tests) */
    TreeWalk(ForkJoinPool pool, Consumer<Path> listed) {
        LibC.requireAvailable();
        this.pool = pool;
        this.listed = listed;
    }

    /**
     * Measures each top directory.
     *
     * @param filesystemOf a path on the filesystem that may be counted (the export root); others are never entered
     * @param tops         the directories to measure; an empty measurement for one that is not a directory (gone)
     * @param filesSeen    incremented as entries are counted, for progress
     */
    public Outcome measure(Path filesystemOf, List<Top> tops, LongAdder filesSeen) {
        Stat rootStat = statOf(filesystemOf).orElseThrow(() -> new IllegalArgumentException(filesystemOf + " cannot be read"));
        Walk walk = new Walk(rootStat.dev, filesSeen, listed);
        List<Tally> tallies = new ArrayList<>();
        for (int i = 0; i < tops.size(); i++) {
            tallies.add(new Tally());
        }
        // completers, not joins: a task never waits for its children, so the stack stays flat however deep the tree
        pool.invoke(new CountedCompleter<Void>() {
            @Override
            public void compute() {
                setPendingCount(tops.size());
                for (int i = 0; i < tops.size(); i++) {
                    Top top = tops.get(i);
                    new DirectoryTask(this, nulTerminated(top.path().toAbsolutePath().toString().getBytes(FILE_NAMES)),
                            top.ino(), tallies.get(i), walk).fork();
                }
                tryComplete();
            }
        });
        List<Optional<Measurement>> measurements = new ArrayList<>();
        for (Tally t : tallies) {
            measurements.add(t.directories.sum() == 0 ? Optional.empty()
                    : Optional.of(new Measurement(t.allocated.sum(), t.apparent.sum(), t.files.sum(), t.directories.sum())));
        }
        return new Outcome(measurements, walk.vanished.sum(), walk.unreadable.sum(), walk.otherFilesystem.sum());
    }

    private static Optional<Stat> statOf(Path path) {
        Buffers b = BUFFERS.get();
        byte[] name = nulTerminated(path.toAbsolutePath().toString().getBytes(FILE_NAMES));
        Memory m = new Memory(name.length);
        m.write(0, name, 0, name.length);
        if (LibC.statx(-100 /* AT_FDCWD */, m, LibC.AT_NO_AUTOMOUNT, LibC.STATX_MASK, b.stat) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Stat(b.dev(), b.ino()));
    }

    private static byte[] nulTerminated(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    private record Stat(long dev, long ino) {
    }

    private record FileId(long dev, long ino) {
    }

    /** Shared by every task of one walk. */
    private static final class Walk {
        final long rootDev;
        final LongAdder filesSeen;
        final Set<FileId> linked = ConcurrentHashMap.newKeySet();
        final LongAdder vanished = new LongAdder();
        final LongAdder unreadable = new LongAdder();
        final LongAdder otherFilesystem = new LongAdder();
        final Consumer<Path> listed;

        Walk(long rootDev, LongAdder filesSeen, Consumer<Path> listed) {
            this.rootDev = rootDev;
            this.filesSeen = filesSeen;
            this.listed = listed;
        }
    }

    /** The running sums of one top directory. */
    private static final class Tally {
        final LongAdder allocated = new LongAdder();
        final LongAdder apparent = new LongAdder();
        final LongAdder files = new LongAdder();
        final LongAdder directories = new LongAdder();
    }

    /** Per-thread native buffers, reused for every directory and file. */
    private static final class Buffers {
        final Memory dents = new Memory(DENTS_SIZE);
        final long dentsAddress = Pointer.nativeValue(dents);
        final byte[] dentBytes = new byte[DENTS_SIZE];
        final Memory stat = new Memory(LibC.STATX_SIZE_OF);
        /** A view on the native statx buffer: fields are read without a JNI call each. */
        final ByteBuffer statView = stat.getByteBuffer(0, LibC.STATX_SIZE_OF).order(ByteOrder.nativeOrder());

        int nlink() {
            return statView.getInt(16);
        }

        int mode() {
            return statView.getShort(28) & 0xFFFF;
        }

        long ino() {
            return statView.getLong(32);
        }

        long size() {
            return statView.getLong(40);
        }

        long blocks() {
            return statView.getLong(48);
        }

        long dev() {
            return ((long) statView.getInt(136) << 32) | (statView.getInt(140) & 0xFFFFFFFFL);
        }
    }

    private static final class DirectoryTask extends CountedCompleter<Void> {
        private final byte[] path;
        private final long expectedIno;
        private final Tally tally;
        private final Walk walk;

        DirectoryTask(CountedCompleter<?> parent, byte[] path, long expectedIno, Tally tally, Walk walk) {
            super(parent);
            this.path = path;
            this.expectedIno = expectedIno;
            this.tally = tally;
            this.walk = walk;
        }

        @Override
        public void compute() {
            List<DirectoryTask> children = null;
            try {
                children = examine();
            } finally {
                if (children != null) {
                    addToPendingCount(children.size());
                    children.forEach(DirectoryTask::fork);
                }
                tryComplete();
            }
        }

        /** Counts this directory and its non-directory entries; returns its subdirectories, not yet started. */
        private List<DirectoryTask> examine() {
            int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_DIRECTORY_NOFOLLOW);
            if (fd < 0) {
                refused(LibC.errno());
                return null;
            }
            List<DirectoryTask> children = null;
            try {
                Buffers b = BUFFERS.get();
                if (LibC.statx(fd, EMPTY_NAME, LibC.AT_EMPTY_PATH, LibC.STATX_MASK, b.stat) != 0) {
                    refused(LibC.errno());
                    return null;
                }
                if (b.dev() != walk.rootDev) {
                    walk.otherFilesystem.increment();
                    return null;
                }
                if (expectedIno >= 0 && b.ino() != expectedIno) {
                    walk.vanished.increment(); // replaced between listing and opening
                    return null;
                }
                long allocated = b.blocks() * 512;
                long apparent = b.size();
                long files = 0;
                long directories = 1;
                while (true) {
                    long n = LibC.getdents64(fd, b.dents, DENTS_SIZE);
                    if (n < 0) {
                        refused(LibC.errno());
                        break;
                    }
                    if (n == 0) {
                        break;
                    }
                    byte[] d = b.dentBytes;
                    b.dents.read(0, d, 0, (int) n);
                    if (walk.listed != null) {
                        walk.listed.accept(Path.of(new String(path, 0, path.length - 1, FILE_NAMES)));
                    }
                    int off = 0;
                    while (off < n) {
                        long ino = (long) LONG.get(d, off);
                        int reclen = ((short) SHORT.get(d, off + 16)) & 0xFFFF;
                        byte type = d[off + 18];
                        int name = off + 19;
                        int entry = off;
                        off += reclen;
                        if (d[name] == '.' && (d[name + 1] == 0 || (d[name + 1] == '.' && d[name + 2] == 0))) {
                            continue;
                        }
                        if (type == LibC.DT_DIR) {
                            children = child(children, d, name, entry + reclen, ino);
                            continue;
                        }
                        if (LibC.statx(fd, new Pointer(b.dentsAddress + name),
                                LibC.AT_SYMLINK_NOFOLLOW | LibC.AT_NO_AUTOMOUNT, LibC.STATX_MASK, b.stat) != 0) {
                            refused(LibC.errno());
                            continue;
                        }
                                if ((b.mode() & LibC.S_IFMT) == LibC.S_IFDIR) { // the filesystem gave no type (DT_UNKNOWN)
                            children = child(children, d, name, entry + reclen, b.ino());
                            continue;
                        }
                        if (b.dev() != walk.rootDev) {
                            walk.otherFilesystem.increment();
                            continue;
                        }
                        if (b.nlink() > 1 && !walk.linked.add(new FileId(b.dev(), b.ino()))) {
                            continue;
                        }
                        files++;
                        allocated += b.blocks() * 512;
                        apparent += b.size();
                    }
                }
                tally.allocated.add(allocated);
                tally.apparent.add(apparent);
                tally.files.add(files);
                tally.directories.add(directories);
                walk.filesSeen.add(files);
            } finally {
                LibC.close(fd);
            }
            return children;
        }

        private List<DirectoryTask> child(List<DirectoryTask> children, byte[] d, int name, int end, long ino) {
            int len = 0;
            while (name + len < end && d[name + len] != 0) {
                len++;
            }
            int base = path.length - 1;
            byte[] childPath = new byte[base + 1 + len + 1];
            System.arraycopy(path, 0, childPath, 0, base);
            childPath[base] = '/';
            System.arraycopy(d, name, childPath, base + 1, len);
            List<DirectoryTask> out = children == null ? new ArrayList<>() : children;
            out.add(new DirectoryTask(this, childPath, ino, tally, walk));
            return out;
        }

        private void refused(int errno) {
            if (errno == LibC.ENOENT || errno == LibC.ENOTDIR || errno == LibC.ELOOP) {
                walk.vanished.increment();
            } else {
                walk.unreadable.increment();
            }
        }
    }
}
