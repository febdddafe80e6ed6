package io.nfslifecycle.exportmanager.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;

/**
 * Purges under pressure: a claim refused for the volume's free space alone may have archives purged to make room,
 * as far as the operator allows ({@code nfs-lifecycle.archive.purge-for-space}); the refusal names them, the purges
 * run outside every lock, and the claim is tried again by its watcher.
 */
final class SpaceFromArchives {
    private final Parts parts;
    private final ArchiveBin bin;

    SpaceFromArchives(Parts parts, ArchiveBin bin) {
        this.parts = parts;
        this.bin = bin;
    }

    /** Archives to purge for a claim's space, and the bytes they hold. */
    record Room(List<String> ids, long bytes) {
    }

    /**
     * The archives to purge so that {@code needed} more bytes are free, as far as the operator allows it
     * ({@code purge-for-space}): expired ones first, then (with {@code any}) the oldest. Empty when none may be
     * purged or all of them would not be enough.
     */
    Optional<Room> forSpace(long needed) {
        ExportLifecycle.PurgeForSpace allowed = parts.settings().archives().purgeForSpace();
        if (allowed == ExportLifecycle.PurgeForSpace.NONE) {
            return Optional.empty();
        }
        Map<String, ArchiveRules.Bin> bins = new HashMap<>();
        bin.all().stream().filter(s -> s.export().phase() == ExportPhase.ARCHIVED).map(ArchiveBin::bin)
                .forEach(b -> bins.put(b.id(), b));
        // what purges under way will free is not free yet: it is not purged for again by every refused claim
        java.util.Set<String> running = bin.removingNow();
        long coming = bin.all().stream().filter(s -> running.contains(s.claimUid()) && s.archive().purging())
                .mapToLong(s -> Math.max(0, s.archive().bytes())).sum();
        if (coming >= needed) {
            return Optional.of(new Room(List.of(), coming));
        }
        List<String> ids = ArchiveRules.forSpace(bins.values(), parts.now(), needed - coming,
                allowed == ExportLifecycle.PurgeForSpace.ANY);
        return ids.isEmpty() ? Optional.empty()
                : Optional.of(new Room(ids, ids.stream().mapToLong(id -> bins.get(id).bytes()).sum()));
    }

    /** Purges each archive to its end on the caller's thread, outside every lock; what to publish. */
    Handled purgeAll(List<String> ids, String reason) {
        List<ExportEvent> said = new ArrayList<>();
        for (String id : ids) {
            said.addAll(ExportLifecycle.finish(bin.purge(id, reason)).results());
        }
        return new Handled(said, Outcome.DELETED, !said.isEmpty());
    }
}
