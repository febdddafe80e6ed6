package io.nfslifecycle.quotaauditor.findings;

/** The export root's filesystem, as {@code df} shows it. */
public record VolumeFigures(long totalBytes, long usedBytes) {

    public double usedShare() {
        return totalBytes == 0 ? 0 : (double) usedBytes / totalBytes;
    }
}
