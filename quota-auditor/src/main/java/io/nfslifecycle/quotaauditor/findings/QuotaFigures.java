package io.nfslifecycle.quotaauditor.findings;

/**
 * What the filesystem's quota accounting holds of a claim directory's project, read without a walk.
 *
 * @param projectId  the project
 * @param limitBytes its hard limit; 0 for none
 * @param usedBytes  the blocks charged to it, in bytes (what {@code du -sB1} of the directory counts)
 * @param inodes     the files and directories charged to it
 */
public record QuotaFigures(long projectId, long limitBytes, long usedBytes, long inodes) {

    /** The quota's figures as a walk's: allocated and apparent bytes are what is charged (sizes are not kept). */
    public Measurement asMeasurement() {
        return new Measurement(usedBytes, usedBytes, Math.max(0, inodes - 1), Math.min(1, inodes));
    }
}
