package io.nfslifecycle.exportmanager.rest;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.StoredExport;

/** One archive of the recycle bin, as the REST API shows it. */
@Schema(name = "Archive")
public record ArchiveView(
        @Schema(description = "the archive's id: the uid of the claim it was made from; name it in a new claim's "
                + "annotation nfs-lifecycle.io/restore-from to restore it") String id,
        @Schema(description = "the claim's namespace") String namespace,
        @Schema(description = "the claim's name") String claimName,
        @Schema(description = "the claim's PersistentVolume") String volumeName,
        @Schema(description = "the claim's StorageClass") String storageClassName,
        @Schema(description = "what the claim requested, in bytes") long requestedBytes,
        @Schema(description = "the archive's directory, relative to the export root") String directory,
        @Schema(description = "the archive's path as NFS clients mount it") String path,
        @Schema(description = "kept, purging, purged, restoring or restored") String state,
        @Schema(description = "when the claim was archived") Instant archivedAt,
        @Schema(description = "seconds since it was archived") long ageSeconds,
        @Schema(description = "when it is purged; null: kept until an operator purges it") Instant expiresAt,
        @Schema(description = "its files' bytes; -1 until measured (within a sweep of the bin)") long bytes,
        @Schema(description = "why it is (being) purged: expired, operator or pressure; empty while kept")
        String purgeReason,
        @Schema(description = "when it was purged; null before") Instant purgedAt,
        @Schema(description = "the uid of the claim it is (being) restored into; empty when none") String restoredTo,
        @Schema(description = "when it was restored; null before") Instant restoredAt) {

    static ArchiveView of(StoredExport stored, String nfsPath, Instant now) {
        ArchiveInfo info = stored.archive();
        var export = stored.export();
        return new ArchiveView(stored.claimUid(), export.namespace(), export.claimName(), export.volumeName(),
                export.storageClassName(), export.requestedBytes(), stored.finalPath(),
                stored.finalPath().isEmpty() ? "" : nfsPath + "/" + stored.finalPath(), info.state(),
                info.archivedAt(), Math.max(0, Duration.between(info.archivedAt(), now).toSeconds()), info.expiresAt(),
                info.bytes(), info.purgeReason(), info.purgedAt(), info.restoredTo(), info.restoredAt());
    }
}
