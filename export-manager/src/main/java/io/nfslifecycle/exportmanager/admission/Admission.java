package io.nfslifecycle.exportmanager.admission;

import io.nfslifecycle.events.ByteSize;

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
        long others = provisionedBytes - currentBytes;
        // never wrapped round: a request near Long.MAX_VALUE is refused, not admitted as a negative sum
        long after = requestedBytes > Long.MAX_VALUE - others ? Long.MAX_VALUE : others + requestedBytes;
        double limit = volume.totalBytes() * policy.overcommitRatio();
        if (after > limit) {
            return Verdict.refuse(String.format(
                    "requested %d bytes (%s), but %d bytes (%s) are already provisioned and the capacity is %d bytes "
                            + "(%s; overcommit ratio %s, so at most %s in all); ask for less, release claims "
                            + "or grow the volume",
                    requestedBytes, ByteSize.format(requestedBytes), provisionedBytes - currentBytes,
                    ByteSize.format(provisionedBytes - currentBytes), volume.totalBytes(),
                    ByteSize.format(volume.totalBytes()), policy.overcommitRatio(), ByteSize.format((long) limit)));
        }
        if (policy.checkFreeSpace() && added > volume.freeBytes()) {
            return Verdict.refuse(String.format(
                    "requested %d bytes (%s, %s more than now), but only %d bytes are free on the volume "
                            + "(%s; %s provisioned, capacity %s); free space on the volume or ask for less",
                    requestedBytes, ByteSize.format(requestedBytes), ByteSize.format(added), volume.freeBytes(),
                    ByteSize.format(volume.freeBytes()), ByteSize.format(provisionedBytes - currentBytes),
                    ByteSize.format(volume.totalBytes())));
        }
        return Verdict.admit();
    }
}
