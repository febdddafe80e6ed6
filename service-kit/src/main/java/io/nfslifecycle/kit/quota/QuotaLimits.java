package io.nfslifecycle.kit.quota;

/**
 * The limit a claim's project carries for a request, and when a limit read back from the kernel is that one. The
 * kernel keeps a limit in whole filesystem blocks: XFS rounds a limit up to its block (4 KiB on the usual volume, up
 * to 64 KiB), ext4 keeps KiB. A request is rounded up to 4 KiB here, so on the usual volumes the limit reads back
 * exactly as set; on a filesystem with larger blocks it reads back up to one block above, which still counts as set.
 * Requests beyond what a limit can say are held to {@link #MAX_BYTES}.
 */
public final class QuotaLimits {
    /** The unit a request is rounded up to. */
    public static final long UNIT = 4096;
    /** The largest block a filesystem with project quotas uses (XFS: 64 KiB). */
    public static final long LARGEST_BLOCK = 64 * 1024;
    /** The largest limit set: 4 EiB, far above any volume, and safe from overflow in the kernel's block arithmetic. */
    public static final long MAX_BYTES = 1L << 62;

    private QuotaLimits() {
    }

    /** The hard limit of a claim that asked for {@code requestedBytes} (positive). */
    public static long forRequest(long requestedBytes) {
        if (requestedBytes >= MAX_BYTES) {
            return MAX_BYTES;
        }
        return (requestedBytes + UNIT - 1) / UNIT * UNIT;
    }

    /** Whether {@code actual}, read back from the kernel, is the limit {@code expected} as the filesystem keeps it. */
    public static boolean holds(long expected, long actual) {
        if (expected == 0) {
            return actual == 0;
        }
        return actual >= expected && actual - expected < LARGEST_BLOCK;
    }
}
