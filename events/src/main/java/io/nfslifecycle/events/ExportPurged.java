package io.nfslifecycle.events;

import java.time.Instant;

/**
 * An archive was purged: its directory is gone for good. The record is the released claim's, now DELETED; nothing
 * in the cluster changes (the PV went when the claim was archived).
 *
 * @param archivePath the archive's path as clients would have mounted it
 * @param bytes       what the archive held when it was purged (its files' lengths); -1 when it was not measured
 * @param reason      why: {@code expired} (its retention ran out), {@code operator} (purged through the API) or
 *                    {@code pressure} (a claim needed the space, and the operator allowed purging for it)
 * @param archivedAt  when the claim was archived
 */
public record ExportPurged(ExportRecord export, String archivePath, long bytes, String reason, Instant archivedAt)
        implements ExportEvent {
    public static final String EXPIRED = "expired";
    public static final String OPERATOR = "operator";
    public static final String PRESSURE = "pressure";

    public ExportPurged {
        Fields.present("export", export);
        Fields.present("archivePath", archivePath);
        Fields.present("archivedAt", archivedAt);
        if (bytes < -1) {
            throw new InvalidEventException("bytes", "must be -1 (not measured) or more, was " + bytes);
        }
        if (!EXPIRED.equals(reason) && !OPERATOR.equals(reason) && !PRESSURE.equals(reason)) {
            throw new InvalidEventException("reason", "must be expired, operator or pressure, was '"
                    + OneLine.of(String.valueOf(reason)) + "'");
        }
        if (export.phase() != ExportPhase.DELETED) {
            throw new InvalidEventException("export.phase", "must be DELETED for " + EventTypes.EXPORT_PURGED
                    + " (was " + export.phase() + ")");
        }
    }

    @Override
    public String type() {
        return EventTypes.EXPORT_PURGED;
    }
}
