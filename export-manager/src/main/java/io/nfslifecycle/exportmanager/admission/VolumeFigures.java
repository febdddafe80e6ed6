package io.nfslifecycle.exportmanager.admission;

/**
 * The export root's filesystem as {@code statvfs} (and {@code df -B1}) reports it.
 *
 * @param totalBytes the size: blocks times fragment size
 * @param usedBytes  size minus free blocks
 * @param freeBytes  what an unprivileged writer can still use (the {@code Available} column of df)
 */
public record VolumeFigures(long totalBytes, long usedBytes, long freeBytes) {
}
