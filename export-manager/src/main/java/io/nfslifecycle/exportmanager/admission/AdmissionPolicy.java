package io.nfslifecycle.exportmanager.admission;

/**
 * @param overcommitRatio how far the sum of live requests may exceed the volume's size (1.0: not at all)
 * @param checkFreeSpace  whether a request must also fit in the free space now (off for thin provisioning)
 */
public record AdmissionPolicy(double overcommitRatio, boolean checkFreeSpace) {
    public AdmissionPolicy {
        if (!(overcommitRatio > 0) || Double.isInfinite(overcommitRatio)) {
            throw new IllegalArgumentException("the overcommit ratio must be a positive number, was " + overcommitRatio);
        }
    }
}
