package io.nfslifecycle.exportmanager.admission;

/**
 * Capacity admission: a new claim, or a resize, fits when the sum of live requests with it stays within the
 * volume's size times the overcommit ratio, and (unless switched off) the free space can hold what it adds.
 */
public final class Admission {
    private Admission() {
    }

    /**
     * @param provisionedBytes the sum of the live exports' requests, the claim's own current request included
     * @param currentBytes     the claim's current request: 0 for a new claim
     * @param requestedBytes   what the claim asks for now
     */
    public static Verdict decide(AdmissionPolicy policy, VolumeFigures volume, long provisionedBytes,
            long currentBytes, long requestedBytes) {
        long added = Math.max(0, requestedBytes - currentBytes);
        long after = provisionedBytes - currentBytes + requestedBytes;
        double limit = volume.totalBytes() * policy.overcommitRatio();
        if (after > limit) {
            return Verdict.refuse(String.format(
                    "requested %d bytes, but %d bytes are already provisioned and the capacity is %d bytes "
                            + "(overcommit ratio %s, so at most %d bytes in all); ask for less, release claims "
                            + "or grow the volume",
                    requestedBytes, provisionedBytes - currentBytes, volume.totalBytes(), policy.overcommitRatio(),
                    (long) limit));
        }
        if (policy.checkFreeSpace() && added > volume.freeBytes()) {
            return Verdict.refuse(String.format(
                    "requested %d bytes (%d more than now), but only %d bytes are free on the volume "
                            + "(%d provisioned, capacity %d); free space on the volume or ask for less",
                    requestedBytes, added, volume.freeBytes(), provisionedBytes - currentBytes,
                    volume.totalBytes()));
        }
        return Verdict.admit();
    }
}
