package io.nfslifecycle.quotaauditor.findings;

/**
 * What counts as a finding.
 *
 * @param nearQuotaShare      NEAR_QUOTA above this share of the request (0.90)
 * @param volumePressureShare VOLUME_PRESSURE above this share of the volume (0.85)
 * @param archiveBacklogBytes ARCHIVE_BACKLOG from this many archived bytes on (0: any archive)
 * @param significantChange   an open finding is announced again when its figure moved by this share of its limit
 */
public record Thresholds(double nearQuotaShare, double volumePressureShare, long archiveBacklogBytes,
        double significantChange) {

    public static Thresholds defaults() {
        return new Thresholds(0.90, 0.85, 0, 0.01);
    }
}
