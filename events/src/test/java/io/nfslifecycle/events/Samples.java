package io.nfslifecycle.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid instance of every event, for the tests. */
final class Samples {
    static final String UID = "5f1c7a1e-0d7b-4a57-9a34-1f5d0c2e9b11";
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Samples() {
    }

    static ExportRecord export(ExportPhase phase) {
        return new ExportRecord(UID, "shop", "data", "pvc-" + UID, "nfs-1", "10.0.10.5",
                "/mnt/data/shop-data-pvc-" + UID, 5L << 30, List.of("ReadWriteMany"), OnDelete.ARCHIVE,
                phase, "", T0, T0);
    }

    static List<Event> everyType() {
        return List.of(
                new ClaimRequested(UID, "shop", "data", "pvc-" + UID, "nfs", "nfs-1", 5L << 30,
                        List.of("ReadWriteMany"), OnDelete.ARCHIVE, "${.PVC.namespace}/${.PVC.name}",
                        Map.of("team", "web"), Map.of("owner", "ops")),
                new ClaimResized(UID, "shop", "data", "nfs-1", 8L << 30),
                new ClaimReleased(UID, "shop", "data", "pvc-" + UID, "nfs-1"),
                new ExportReady(export(ExportPhase.READY)),
                new ExportFailed(export(ExportPhase.FAILED), ExportFailed.Operation.CREATE,
                        ExportFailed.INSUFFICIENT_CAPACITY, "requested 5 GiB, provisioned 48 GiB of 50 GiB", true),
                new ExportResized(export(ExportPhase.READY).withRequestedBytes(8L << 30, T0)),
                new ExportReclaimed(export(ExportPhase.ARCHIVED), "/mnt/data/archived-shop-data-pvc-" + UID),
                new ExportPurged(export(ExportPhase.DELETED), "/mnt/data/archived-shop-data-pvc-" + UID, 4096,
                        ExportPurged.EXPIRED, T0),
                new CapacityReported("nfs-1", 50L << 30, 10L << 30, 40L << 30, 20L << 30, 4, 1.0, T0),
                new AuditFinding("nfs-1", FindingKind.OVER_QUOTA, AuditFinding.Status.OPEN, UID, "shop", "data",
                        "shop-data-pvc-" + UID, 6L << 30, 5L << 30, "shop/data uses 6 GiB of the 5 GiB it requested", T0),
                new AuditCompleted("nfs-1", "run-1", T0, 1234, 200_000, 400, 10L << 30, 9L << 30, 50L << 30,
                        11L << 30, 3));
    }
}
