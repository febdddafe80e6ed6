package io.nfslifecycle.claimwatcher.plan;

/** Where a claim of our classes is in its lifecycle, as the REST API and the claims gauge report it. */
public enum ClaimPhase {
    /** Nothing asked yet: this replica is not the leader, or Kafka is away. */
    WAITING,
    /** The StorageClass or the claim cannot be served as it is; the last error says what to change. */
    INVALID,
    /** claim.requested was published, or the export is being made. */
    REQUESTED,
    /** The export manager refused; the last error says why and whether it retries. */
    FAILED,
    /** The PV exists and Kubernetes is binding it. */
    PROVISIONED,
    /** The claim is bound to our PV. */
    BOUND,
    /** The claim asks for more than its export holds. */
    RESIZING
}
