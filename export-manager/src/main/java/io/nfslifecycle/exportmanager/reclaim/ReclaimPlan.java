package io.nfslifecycle.exportmanager.reclaim;

import java.util.function.Predicate;

import io.nfslifecycle.events.Archives;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;
import io.nfslifecycle.exportmanager.naming.Segments;

/** The reclaim rules: whose release it is, what happens to the directory, and the archive's name. */
public final class ReclaimPlan {

    private ReclaimPlan() {
    }

    /**
     * @param adopted whether the directory existed before this export (it was taken over, not made by it)
     */
    public static ReleaseDecision decide(ExportRecord export, boolean adopted, ClaimReleased release) {
        if (!export.claimUid().equals(release.claimUid()) || !export.volumeName().equals(release.volumeName())
                || !export.namespace().equals(release.namespace())
                || !export.claimName().equals(release.claimName())) {
            return new ReleaseDecision.Refuse(ExportFailed.UID_MISMATCH, String.format(
                    "release of claim %s/%s (uid %s, volume %s) does not match the export that owns %s "
                            + "(claim %s, uid %s, volume %s); nothing was touched. Check which PV the released "
                            + "claim was bound to",
                    release.namespace(), release.claimName(), release.claimUid(), release.volumeName(),
                    export.path(), export.subject(), export.claimUid(), export.volumeName()));
        }
        if (export.phase().isReclaimed()) {
            return new ReleaseDecision.Republish();
        }
        if (export.phase() == ExportPhase.FAILED) {
            return new ReleaseDecision.NothingToReclaim("released before any directory was made ("
                    + export.reason() + ")");
        }
        if (release.reclaimPolicy() == ReclaimPolicy.RETAIN) {
            return new ReleaseDecision.Reclaim(OnDelete.RETAIN, "the claim's volume had reclaim policy Retain, so "
                    + "its directory is kept as it is, whatever onDelete says; it holds its space until an operator "
                    + "frees it");
        }
        OnDelete action = action(export.onDelete(), adopted);
        return new ReleaseDecision.Reclaim(action, action == export.onDelete() ? ""
                : "onDelete is delete, but the directory existed before this claim took it over, so it was "
                        + "archived instead");
    }

    /** Invariant 1: a directory is removed only by the export that made it; an adopted one is archived. */
    public static OnDelete action(OnDelete policy, boolean adopted) {
        return policy == OnDelete.DELETE && adopted ? OnDelete.ARCHIVE : policy;
    }

    /**
     * {@code archived-<leaf>}, or {@code archived-<leaf>-2}, {@code -3}, ... when that is taken: an archive is
     * never overwritten. Every candidate is cut to 255 bytes the same way claim names are.
     */
    public static String archiveName(String leaf, Predicate<String> taken) {
        String candidate = Segments.fit(Archives.PREFIX + leaf);
        for (int n = 2; taken.test(candidate); n++) {
            candidate = Segments.fit(Archives.PREFIX + leaf + "-" + n);
        }
        return candidate;
    }

    /** Where a deleted tree is moved (beside the original, atomically) before it is removed. */
    public static String deletionName(String claimUid) {
        return Segments.RESERVED_PREFIX + "-deleting-" + claimUid;
    }
}
