package io.nfslifecycle.kit.quota;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The Linux calls project quotas need, direct-mapped through JNA: {@code quotactl_fd} (Linux 5.14, no block device
 * path needed: any descriptor on the filesystem names it) and the {@code FS_IOC_FSGETXATTR}/{@code FS_IOC_FSSETXATTR}
 * ioctls that tag a directory with its project. Both are variadic in the C library; on x86-64 and arm64 a fixed
 * argument list passes them the same way.
 */
final class QuotaCalls {
    static final long SYS_QUOTACTL_FD = 443;
    static final int PRJQUOTA = 2;
    static final int Q_GETINFO = 0x800005;
    static final int Q_GETQUOTA = 0x800007;
    static final int Q_SETQUOTA = 0x800008;
    static final int Q_GETNEXTQUOTA = 0x800009;
    /** {@code struct if_dqblk} (8 u64 and a u32, padded), and {@code if_nextdqblk} with its u32 id in the padding. */
    static final int DQBLK_SIZE = 72;
    static final int DQINFO_SIZE = 24;
    static final int QIF_BLIMITS = 1;
    static final long FS_IOC_FSGETXATTR = 0x801C581FL;
    static final long FS_IOC_FSSETXATTR = 0x401C5820L;
    /** {@code struct fsxattr}: xflags, extsize, nextents, projid, cowextsize (u32 each), 8 bytes of padding. */
    static final int FSXATTR_SIZE = 28;
    static final int FS_XFLAG_PROJINHERIT = 0x200;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    /** O_DIRECTORY | O_NOFOLLOW differ between architectures. */
    static final int O_DIRECTORY_NOFOLLOW;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    static final int ENOTTY = 25;
    static final int EOPNOTSUPP = 95;

    private static final Throwable UNAVAILABLE;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        O_DIRECTORY_NOFOLLOW = arch.equals("aarch64") || arch.startsWith("arm") || arch.startsWith("ppc")
                ? 0x4000 | 0x8000
                : 0x10000 | 0x20000;
        Throwable failure = null;
        try {
            if (!Platform.isLinux()) {
                throw new UnsupportedOperationException("project quotas need Linux; this is "
                        + System.getProperty("os.name"));
            }
            Native.register(QuotaCalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (Throwable e) {
            failure = e;
        }
        UNAVAILABLE = failure;
    }

    private QuotaCalls() {
    }

    /** Why the calls cannot be made on this machine; empty when they can. */
    static java.util.Optional<String> unavailable() {
        return UNAVAILABLE == null ? java.util.Optional.empty()
                : java.util.Optional.of("cannot load quotactl/ioctl from the C library: " + UNAVAILABLE);
    }

    static native int open(byte[] path, int flags);

    static native int openat(int dirfd, byte[] path, int flags);

    static native int close(int fd);

    static native int ioctl(int fd, long request, Pointer argument);

    static native long syscall(long number, int fd, int command, int id, Pointer argument);

    static int errno() {
        return Native.getLastError();
    }

    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    static int command(int base) {
        return (base << 8) | PRJQUOTA;
    }
}
