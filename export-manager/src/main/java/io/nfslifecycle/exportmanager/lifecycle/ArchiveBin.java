package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.Segments;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The recycle bin: every archive a release made, with its retention, its size and its purge. The archive's id is its
 * claim's uid. A purge writes its intent first (the record says it is being purged, and why), renames the archive
 * aside ({@code .nfs-lifecycle-purging-<uid>}) under the claim's lock, removes that tree outside every lock (never
 * following a link, never leaving the root), and then records the claim DELETED with the time of the purge and
 * answers {@code export.purged}. A crash anywhere leaves the intent: the next sweep finishes it the same way, so an
 * archive is either whole at its name or on its way out, and {@code export.purged} is only ever said of a purge done.
 */
public final class ArchiveBin {
    private static final Logger LOG = Logger.getLogger(ArchiveBin.class);

    private final Parts parts;
    /** Archives whose tree is being removed now. */
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> purges = new ConcurrentHashMap<>();

    ArchiveBin(Parts parts) {
        this.parts = parts;
    }

    static String asideName(String uid) {
        return Segments.RESERVED_PREFIX + "-purging-" + uid;
    }

    /** Every archive the records know of, kept, being purged or purged and not forgotten yet. */
    public List<StoredExport> all() {
        return parts.store().all().stream().filter(s -> s.archive() != null).toList();
    }

    /** One archive by its id (its claim's uid). */
    public Optional<StoredExport> get(String id) {
        return parts.store().get(id).filter(s -> s.archive() != null);
    }

    /** Archives purged since start, by reason. */
    public Map<String, Long> purgesByReason() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        purges.forEach((reason, n) -> counts.put(reason, n.get()));
        return counts;
    }

    /**
     * What a sweep works on, decided from the records: archives at the top of the root without any record get one
     * ({@link OrphanArchives}), ARCHIVED records made before archives were kept get theirs
     * (archived at the record's last change, with the server's retention), purges a crash cut short, then the expired
     * archives, at most the settings' bound. Returns the ids to {@link #purge}.
     */
    public List<String> sweep() {
        OrphanArchives.pickUp(parts);
        List<ArchiveRules.Bin> bins = new ArrayList<>();
        List<String> work = new ArrayList<>();
        for (StoredExport stored : parts.store().all()) {
            StoredExport now = stored;
            if (stored.export().phase() == ExportPhase.ARCHIVED && stored.archive() == null
                    && !stored.finalPath().isEmpty()) {
                now = pickUp(stored);
            }
            if (now.archive() == null || now.archive().purged() || now.archive().taken()) {
                continue;
            }
            if (now.archive().purging()) {
                work.add(now.claimUid());
            }
            bins.add(bin(now));
        }
        work.addAll(ArchiveRules.due(bins, parts.now(), parts.settings().archives().purgesPerSweep()));
        return work;
    }

    static ArchiveRules.Bin bin(StoredExport stored) {
        ArchiveInfo info = stored.archive();
        return new ArchiveRules.Bin(stored.claimUid(), info.archivedAt(), info.expiresAt(), info.bytes(), info.kept());
    }

    private StoredExport pickUp(StoredExport stored) {
        return parts.locks().forClaim(stored.claimUid(), () -> parts.locks().deciding(() -> {
            StoredExport now = parts.store().get(stored.claimUid()).orElse(stored);
            if (now.export().phase() != ExportPhase.ARCHIVED || now.archive() != null) {
                return now;
            }
            Instant at = now.export().updated();
            StoredExport picked = now.withArchive(ArchiveInfo.made(at, ArchiveRules.expiry(at,
                    ArchiveRules.retention(now.archiveRetention(), parts.settings().archives().retention()))));
            try {
                parts.store().put(picked, ExportStore.Durability.OUTCOME);
                LOG.infof("archive %s of claim %s (uid %s), made before archives were kept, is in the bin: %s",
                        now.finalPath(), now.export().subject(), now.claimUid(), Texts.expiry(picked.archive()));
                return picked;
            } catch (IOException e) {
                LOG.warnf("cannot record archive %s (%s); the next sweep tries again", now.finalPath(),
                        e.getMessage());
                return now;
            }
        }));
    }

    /**
     * Purges one archive, or finishes its purge: the intent and the rename aside under the claim's lock, the removal
     * left to run outside every lock. Nothing when it is no archive, or is purged already.
     */
    public Handled purge(String id, String reason) {
        Handled nothing = new Handled(List.of(), Outcome.DUPLICATE, false);
        return parts.locks().forClaim(id, () -> parts.locks().deciding(() -> {
            Optional<StoredExport> found = get(id);
            if (found.isEmpty() || found.get().archive().purged() || found.get().archive().taken()
                    || found.get().export().phase() != ExportPhase.ARCHIVED || !removing.add(id)) {
                return nothing;
            }
            StoredExport stored = found.get();
            if (stored.archive().kept() && !stillDue(stored, reason)) {
                removing.remove(id);
                return nothing; // extended (or no longer eligible) since it was chosen
            }
            DirectoryName archive = DirectoryName.parse(stored.finalPath());
            String aside = asideName(id);
            try {
                if (stored.archive().kept()) {
                    stored = stored.withArchive(stored.archive().purgingFor(reason));
                    parts.store().put(stored);
                    LOG.infof("archive %s of claim %s (uid %s): purging (%s)", stored.finalPath(),
                            stored.export().subject(), id, reason);
                }
                parts.steps().reached(Step.PURGE_RECORDED);
                if (parts.root().inspect(archive) == io.nfslifecycle.exportmanager.recovery.DirectoryState.DIRECTORY
                        && !parts.root().siblingExists(archive, aside)) {
                    parts.root().rename(archive, aside);
                }
                parts.steps().reached(Step.PURGE_MOVED);
            } catch (RuntimeException | Error e) {
                removing.remove(id);
                throw e;
            } catch (IOException e) {
                removing.remove(id);
                LOG.errorf("archive %s of claim %s (uid %s) cannot be purged now (%s); the next sweep tries again",
                        stored.finalPath(), stored.export().subject(), id, e.getMessage());
                return nothing;
            }
            StoredExport purging = stored;
            return Handled.later(() -> remove(purging, archive, aside));
        }));
    }

    /** Whether a kept archive may still be purged for this reason: an expired one still expired, and so on. */
    private boolean stillDue(StoredExport stored, String reason) {
        boolean expired = bin(stored).expiresAt() != null && !bin(stored).expiresAt().isAfter(parts.now());
        return switch (reason) {
            case ExportPurged.EXPIRED -> expired;
            case ExportPurged.PRESSURE -> expired
                    || parts.settings().archives().purgeForSpace() == ExportLifecycle.PurgeForSpace.ANY;
            default -> true;
        };
    }

    /** Archives whose tree is being removed now. */
    Set<String> removingNow() {
        return Set.copyOf(removing);
    }

    private Handled remove(StoredExport purging, DirectoryName archive, String aside) {
        String id = purging.claimUid();
        try {
            if (parts.root().siblingExists(archive, aside)) {
                parts.root().deleteTree(archive, aside);
            }
            // an aside left from before (the rename was then skipped): the archive itself goes the same way
            if (parts.root().inspect(archive) == io.nfslifecycle.exportmanager.recovery.DirectoryState.DIRECTORY) {
                parts.root().rename(archive, aside);
                parts.root().deleteTree(archive, aside);
            }
            parts.steps().reached(Step.PURGE_DELETED);
        } catch (RuntimeException | Error e) {
            removing.remove(id);
            throw e;
        } catch (IOException e) {
            removing.remove(id);
            LOG.errorf("archive %s of claim %s (uid %s): the purge could not remove %s (%s); the next sweep tries again",
                    purging.finalPath(), purging.export().subject(), id, parts.root().resolveBeside(archive, aside),
                    e.getMessage());
            return new Handled(List.of(), Outcome.FAILED, false);
        }
        return parts.locks().forClaim(id, () -> parts.locks().deciding(() -> {
            try {
                StoredExport now = parts.store().get(id).orElse(purging);
                StoredExport done = now.with(now.export().withPhase(ExportPhase.DELETED,
                        Texts.purged(now.finalPath(), now.archive()), parts.now()))
                        .withArchive(now.archive().purgedAt(parts.now()));
                parts.store().put(done, ExportStore.Durability.OUTCOME);
                parts.steps().reached(Step.PURGED);
                purges.computeIfAbsent(done.archive().purgeReason(), r -> new AtomicLong()).incrementAndGet();
                LOG.infof("archive %s of claim %s (uid %s) purged (%s)", done.finalPath(), done.export().subject(), id,
                        done.archive().purgeReason());
                return Handled.answer(purged(done), Outcome.DELETED, true);
            } catch (IOException e) {
                LOG.errorf("archive %s: the purge is done but cannot be recorded (%s); the next sweep records it",
                        purging.finalPath(), e.getMessage());
                return new Handled(List.of(), Outcome.FAILED, false);
            } finally {
                removing.remove(id);
            }
        }));
    }

    /** The {@code export.purged} of a purged archive. */
    ExportPurged purged(StoredExport done) {
        ArchiveInfo info = done.archive();
        return new ExportPurged(done.export(), parts.settings().nfsPath() + "/" + done.finalPath(), info.bytes(),
                info.purgeReason(), info.archivedAt());
    }

    /** An archive's new expiry (null: forever), if the rules take it; the refusal otherwise. */
    public Optional<String> extend(String id, Instant newExpiry) {
        return parts.locks().forClaim(id, () -> parts.locks().deciding(() -> {
            Optional<StoredExport> found = get(id);
            if (found.isEmpty()) {
                return Optional.of("no archive " + id + " is known on server " + parts.settings().serverId());
            }
            Optional<String> refusal = ArchiveRules.extensionRefusal(bin(found.get()), newExpiry);
            if (refusal.isPresent()) {
                return refusal;
            }
            try {
                parts.store().put(found.get().withArchive(found.get().archive().expiring(newExpiry)));
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("the new retention cannot be recorded (" + e.getMessage() + "); try again");
            }
        }));
    }

    /** Measures up to {@code max} archives whose size is not known yet, outside every lock; returns how many. */
    public int measure(int max) {
        return ArchiveSizes.measure(parts, this, max);
    }

    /** The records of archives purged longer ago than the settings keep them, forgotten; returns how many. */
    public int forgetOld() {
        Instant before = parts.now().minus(parts.settings().archives().purgedRecordsKept());
        int forgotten = 0;
        for (StoredExport stored : all()) {
            ArchiveInfo info = stored.archive();
            if (((info.purged() && info.purgedAt().isBefore(before))
                    || (info.restored() && info.restoredAt().isBefore(before)))
                    && parts.locks().forClaim(stored.claimUid(), () -> parts.locks().deciding(() -> forget(stored)))) {
                forgotten++;
            }
        }
        return forgotten;
    }

    private boolean forget(StoredExport stored) {
        try {
            parts.store().forget(stored.claimUid());
            return true;
        } catch (IOException e) {
            LOG.debugf("the record of purged archive %s cannot be removed (%s)", stored.finalPath(), e.getMessage());
            return false;
        }
    }
}
