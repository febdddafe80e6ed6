package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The Linux calls a file's data is copied with in the kernel, direct-mapped through JNA: {@code openat2} (Linux 5.6:
 * a path resolved below a directory descriptor with no symbolic link anywhere on it), the {@code FICLONE} ioctl (a
 * reflink: the copy shares the source's blocks until either is written), {@code copy_file_range} (the filesystem
 * copies, or the kernel does without passing the bytes through this process), and {@code lseek} with
 * {@code SEEK_DATA}/{@code SEEK_HOLE} so holes stay holes; {@code syncfs} flushes a whole copy at once. Where any
 * of them is missing the copy reads and writes, and flushes file by file.
 */
final class FileCalls {
    static final long SYS_OPENAT2 = 437;
    static final long FICLONE = 0x40049409L;
    static final long RESOLVE_NO_XDEV = 0x01;
    static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final long RESOLVE_NO_SYMLINKS = 0x04;
    static final long RESOLVE_BENEATH = 0x08;
    static final int SEEK_END = 2;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    /** O_DIRECTORY and O_NOFOLLOW differ between architectures. */
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENOTDIR = 20;
    static final int EXDEV = 18;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;
    static final int EDQUOT = 122;
    static final int ENXIO = 6;

    private static final Throwable UNAVAILABLE;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64");
        O_DIRECTORY = arm ? 0x4000 : 0x10000;
        O_NOFOLLOW = arm ? 0x8000 : 0x20000;
        Throwable failure = null;
        try {
            if (!Platform.isLinux()) {
                throw new UnsupportedOperationException("kernel copies need Linux; this is "
                        + System.getProperty("os.name"));
            }
            if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
                throw new UnsupportedOperationException("the flags and ioctl numbers here are those of x86-64 and "
                        + "arm64; this is " + arch);
            }
            Native.register(FileCalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (Throwable e) {
            failure = e;
        }
        UNAVAILABLE = failure;
    }

    private FileCalls() {
    }

    /** Why the calls cannot be made on this machine; empty when they can. */
    static Optional<String> unavailable() {
        return UNAVAILABLE == null ? Optional.empty()
                : Optional.of("cannot load the file calls from the C library: " + UNAVAILABLE);
    }

    static native int open(byte[] path, int flags, int mode);

    static native int close(int fd);

    static native int ioctl(int fd, long request, long argument);

    static native long lseek(int fd, long offset, int whence);

    static native int ftruncate(int fd, long length);

    static native int syncfs(int fd);

    static native long copy_file_range(int in, long[] inOffset, int out, long[] outOffset, long length, int flags);

    static native long syscall(long number, int dirfd, byte[] path, long[] how, long size);

    static native String strerror(int errno);

    static int errno() {
        return Native.getLastError();
    }

    /**
     * {@code path}, relative to {@code dirfd}, opened with {@code flags} only if no component is a symbolic link, none
     * leaves the directory and none crosses a mount; -1 with errno set otherwise.
     */
    static int openBeneath(int dirfd, Path path, int flags) {
        long[] how = {flags & 0xFFFFFFFFL, 0, RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_NO_XDEV
                | RESOLVE_NO_MAGICLINKS}; // struct open_how: flags, mode, resolve
        return (int) syscall(SYS_OPENAT2, dirfd, cString(path.toString()), how, Long.BYTES * how.length);
    }

    static IOException failure(int errno, String what) {
        return new IOException(what + ": " + strerror(errno) + " (errno " + errno + ")");
    }

    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }
}
