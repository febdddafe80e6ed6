package io.nfslifecycle.events;

import java.util.Map;
import java.util.Optional;

/** CloudEvents type names, {@code io.nfs-lifecycle.<noun>.<verb>.v1}, and the record each one carries. */
public final class EventTypes {
    public static final String CLAIM_REQUESTED = "io.nfs-lifecycle.claim.requested.v1";
    public static final String CLAIM_RESIZED = "io.nfs-lifecycle.claim.resized.v1";
    public static final String CLAIM_RELEASED = "io.nfs-lifecycle.claim.released.v1";
    public static final String EXPORT_READY = "io.nfs-lifecycle.export.ready.v1";
    public static final String EXPORT_FAILED = "io.nfs-lifecycle.export.failed.v1";
    public static final String EXPORT_RESIZED = "io.nfs-lifecycle.export.resized.v1";
    public static final String EXPORT_RECLAIMED = "io.nfs-lifecycle.export.reclaimed.v1";
    public static final String EXPORT_PURGED = "io.nfs-lifecycle.export.purged.v1";
    public static final String CAPACITY_REPORTED = "io.nfs-lifecycle.capacity.reported.v1";
    public static final String AUDIT_FINDING = "io.nfs-lifecycle.audit.finding.v1";
    public static final String AUDIT_COMPLETED = "io.nfs-lifecycle.audit.completed.v1";

    private static final Map<String, Class<? extends Event>> RECORDS = Map.ofEntries(
            Map.entry(CLAIM_REQUESTED, ClaimRequested.class),
            Map.entry(CLAIM_RESIZED, ClaimResized.class),
            Map.entry(CLAIM_RELEASED, ClaimReleased.class),
            Map.entry(EXPORT_READY, ExportReady.class),
            Map.entry(EXPORT_FAILED, ExportFailed.class),
            Map.entry(EXPORT_RESIZED, ExportResized.class),
            Map.entry(EXPORT_RECLAIMED, ExportReclaimed.class),
            Map.entry(EXPORT_PURGED, ExportPurged.class),
            Map.entry(CAPACITY_REPORTED, CapacityReported.class),
            Map.entry(AUDIT_FINDING, AuditFinding.class),
            Map.entry(AUDIT_COMPLETED, AuditCompleted.class));

    private EventTypes() {
    }

    /** The record class a type name carries, or empty for a type this contract does not know. */
    public static Optional<Class<? extends Event>> recordOf(String type) {
        return Optional.ofNullable(RECORDS.get(type));
    }

    /** Every known type name. */
    public static java.util.Set<String> all() {
        return RECORDS.keySet();
    }
}
