package io.nfslifecycle.quotaauditor.scan;

import java.util.Locale;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few Linux calls the walk needs, direct-mapped through JNA. {@code java.nio} has no {@code st_blocks}
 * (allocated bytes, what {@code du} counts), and its per-file attribute maps cost more than the system call
 * itself; {@code statx} has one layout on every architecture, and {@code getdents64} lists a directory in
 * batches with the entry type, so only non-directories need a {@code statx} each.
 */
final class LibC {
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_NO_AUTOMOUNT = 0x800;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int STATX_TYPE = 0x1;
    static final int STATX_MODE = 0x2;
    static final int STATX_NLINK = 0x4;
    static final int STATX_INO = 0x100;
    static final int STATX_SIZE = 0x200;
    static final int STATX_BLOCKS = 0x400;
    static final int STATX_MASK = STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_INO | STATX_SIZE | STATX_BLOCKS;
    static final int STATX_SIZE_OF = 256;

    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    /** O_DIRECTORY | O_NOFOLLOW differ between architectures. */
    static final int O_DIRECTORY_NOFOLLOW;

    static final int ENOENT = 2;
    static final int ENOTDIR = 20;
    static final int ELOOP = 40;

    static final byte DT_UNKNOWN = 0;
    static final byte DT_DIR = 4;

    static final int S_IFMT = 0xF000;
    static final int S_IFDIR = 0x4000;
    static final int S_IFREG = 0x8000;

    private static final Throwable UNAVAILABLE;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        // asm-generic (x86-64, riscv64, s390x) versus the architectures that override them (arm, arm64, powerpc)
        O_DIRECTORY_NOFOLLOW = arch.equals("aarch64") || arch.startsWith("arm") || arch.startsWith("ppc")
                ? 0x4000 | 0x8000
                : 0x10000 | 0x20000;
        Throwable failure = null;
        try {
            if (!Platform.isLinux()) {
                throw new UnsupportedOperationException("the scan needs Linux (statx, getdents64); this is "
                        + System.getProperty("os.name"));
            }
            Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (Throwable e) {
            failure = e;
        }
        UNAVAILABLE = failure;
    }

    private LibC() {
    }

    /** Throws with the reason when the native calls cannot be used on this machine. */
    static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("cannot load statx/getdents64 from the C library: " + UNAVAILABLE, UNAVAILABLE);
        }
    }

    static native int open(byte[] path, int flags);

    static native int close(int fd);

    static native long getdents64(int fd, Pointer buffer, long size);

    /** {@code path} and {@code statx} are native addresses: no object is made for a call, one call per file. */
    static native int statx(int dirfd, long path, int flags, int mask, long statx);

    static int errno() {
        return Native.getLastError();
    }
}
