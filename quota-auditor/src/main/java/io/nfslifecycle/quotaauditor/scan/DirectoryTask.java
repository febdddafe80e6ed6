package io.nfslifecycle.quotaauditor.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountedCompleter;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One directory of a walk: opened by path with {@code O_NOFOLLOW | O_DIRECTORY}, checked to be the very inode its
 * parent listed and on the walk's filesystem, its non-directory entries counted with one {@code statx} each, its
 * subdirectories forked as tasks of their own.
 */
final class DirectoryTask extends CountedCompleter<Void> {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final Memory EMPTY_NAME = new Memory(1);

    private static final long EMPTY_NAME_ADDRESS = Pointer.nativeValue(EMPTY_NAME);

    static {
        EMPTY_NAME.setByte(0, (byte) 0);
    }

    private final byte[] path;
    private final long expectedIno;
    private final Walk.Tally tally;
    private final Walk walk;
    private List<DirectoryTask> children;
    private long allocated;
    private long apparent;
    private long files;

    DirectoryTask(CountedCompleter<?> parent, byte[] path, long expectedIno, Walk.Tally tally, Walk walk) {
        super(parent);
        this.path = path;
        this.expectedIno = expectedIno;
        this.tally = tally;
        this.walk = walk;
    }

    @Override
    public void compute() {
        try {
            examine();
        } finally {
            if (children != null) {
                addToPendingCount(children.size());
                children.forEach(DirectoryTask::fork);
            }
            tryComplete();
        }
    }

    /** Counts this directory and its non-directory entries, and collects its subdirectories, not yet started. */
    private void examine() {
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_DIRECTORY_NOFOLLOW);
        if (fd < 0) {
            walk.refused(LibC.errno());
            return;
        }
        try {
            StatBuffers b = StatBuffers.PER_THREAD.get();
            if (!isTheExpectedDirectory(fd, b)) {
                return;
            }
            allocated = b.blocks() * 512;
            apparent = b.size();
            listEntries(fd, b);
            tally.allocated.add(allocated);
            tally.apparent.add(apparent);
            tally.files.add(files);
            tally.directories.add(1);
            walk.filesSeen.add(files);
        } finally {
            LibC.close(fd);
        }
    }

    /** The open directory is the inode its parent listed, on the walk's filesystem (not swapped, not a mount). */
    private boolean isTheExpectedDirectory(int fd, StatBuffers b) {
        if (LibC.statx(fd, EMPTY_NAME_ADDRESS, LibC.AT_EMPTY_PATH, LibC.STATX_MASK, b.statAddress) != 0) {
            walk.refused(LibC.errno());
            return false;
        }
        if (b.dev() != walk.rootDev) {
            walk.otherFilesystem.increment();
            return false;
        }
        if (expectedIno >= 0 && b.ino() != expectedIno) {
            walk.vanished.increment(); // replaced between listing and opening
            return false;
        }
        return true;
    }

    private void listEntries(int fd, StatBuffers b) {
        while (true) {
            long n = LibC.getdents64(fd, b.dents, StatBuffers.DENTS_SIZE);
            if (n <= 0) {
                if (n < 0) {
                    walk.refused(LibC.errno());
                }
                return;
            }
            byte[] d = b.dentBytes;
            b.dents.read(0, d, 0, (int) n);
            if (walk.listed != null) {
                walk.listed.accept(Path.of(new String(path, 0, path.length - 1, TreeWalk.FILE_NAMES)));
            }
            int off = 0;
            while (off < n) {
                int reclen = ((short) SHORT.get(d, off + 16)) & 0xFFFF;
                entry(fd, b, d, off, reclen);
                off += reclen;
            }
        }
    }

    /** One {@code linux_dirent64}: a subdirectory becomes a task, anything else is counted (hard links once). */
    private void entry(int fd, StatBuffers b, byte[] d, int off, int reclen) {
        long ino = (long) LONG.get(d, off);
        byte type = d[off + 18];
        int name = off + 19;
        if (d[name] == '.' && (d[name + 1] == 0 || (d[name + 1] == '.' && d[name + 2] == 0))) {
            return;
        }
        if (type == LibC.DT_DIR) {
            child(d, name, off + reclen, ino);
            return;
        }
        if (LibC.statx(fd, b.dentsAddress + name, LibC.AT_SYMLINK_NOFOLLOW | LibC.AT_NO_AUTOMOUNT,
                LibC.STATX_MASK, b.statAddress) != 0) {
            walk.refused(LibC.errno());
            return;
        }
        if ((b.mode() & LibC.S_IFMT) == LibC.S_IFDIR) { // the filesystem gave no type (DT_UNKNOWN)
            child(d, name, off + reclen, b.ino());
            return;
        }
        if (b.dev() != walk.rootDev) {
            walk.otherFilesystem.increment();
            return;
        }
        if (b.nlink() > 1 && !walk.linked.add(new Walk.FileId(b.dev(), b.ino()))) {
            return;
        }
        files++;
        allocated += b.blocks() * 512;
        apparent += b.size();
    }

    private void child(byte[] d, int name, int end, long ino) {
        int len = 0;
        while (name + len < end && d[name + len] != 0) {
            len++;
        }
        int base = path.length - 1;
        byte[] childPath = new byte[base + 1 + len + 1];
        System.arraycopy(path, 0, childPath, 0, base);
        childPath[base] = '/';
        System.arraycopy(d, name, childPath, base + 1, len);
        if (children == null) {
            children = new ArrayList<>();
        }
        children.add(new DirectoryTask(this, childPath, ino, tally, walk));
    }
}
