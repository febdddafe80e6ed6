package io.nfslifecycle.events;

/** Kafka topic names of the contract. */
public final class Topics {
    /** claim.requested, claim.resized, claim.released; key: PVC uid. Produced by the claim-watcher. */
    public static final String CLAIMS = "nfs-lifecycle.claims";
    /** export.*; key: PVC uid; compacted: the latest record per claim is the export's current state. */
    public static final String EXPORTS = "nfs-lifecycle.exports";
    /** capacity.reported; key: server id; compacted. */
    public static final String CAPACITY = "nfs-lifecycle.capacity";
    /** audit.finding and audit.completed; key: claim uid, or server id for volume-wide ones. */
    public static final String AUDIT = "nfs-lifecycle.audit";

    /** The consuming services, each with a dead-letter topic of its own. */
    public static final String EXPORT_MANAGER = "export-manager";
    public static final String CLAIM_WATCHER = "claim-watcher";
    public static final String QUOTA_AUDITOR = "quota-auditor";

    private Topics() {
    }

    /** {@code nfs-lifecycle.<service>.dlq}: where a consumer sends what it refused, the reason in a header. */
    public static String deadLetter(String service) {
        return "nfs-lifecycle." + service + ".dlq";
    }

    /** Every topic the project uses, dead-letter topics included. */
    public static java.util.List<String> all() {
        return java.util.List.of(CLAIMS, EXPORTS, CAPACITY, AUDIT,
                deadLetter(EXPORT_MANAGER), deadLetter(CLAIM_WATCHER), deadLetter(QUOTA_AUDITOR));
    }

    /** Topics read as current state (latest record per key), so Kafka may compact them. */
    public static boolean compacted(String topic) {
        return EXPORTS.equals(topic) || CAPACITY.equals(topic);
    }
}
