package io.nfslifecycle.events;

/**
 * Every event of the contract. Each case knows its CloudEvents type, its topic, its Kafka key and its
 * subject; {@link EventCodec} turns any of them into a Kafka record and back.
 */
public sealed interface Event permits ClaimEvent, ExportEvent, CapacityReported, AuditFinding, AuditCompleted {

    /** The CloudEvents type, {@code io.nfs-lifecycle.<noun>.<verb>.v1}. */
    String type();

    /** The topic the event belongs on. */
    String topic();

    /** The Kafka key: the PVC uid for claim and export events, the server id otherwise. */
    String key();

    /** The CloudEvents subject: {@code namespace/name} of the claim, or the server id. */
    String subject();
}
