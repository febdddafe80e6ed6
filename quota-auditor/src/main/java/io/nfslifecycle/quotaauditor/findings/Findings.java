package io.nfslifecycle.quotaauditor.findings;

import static io.nfslifecycle.events.ByteSize.format;
import static io.nfslifecycle.events.ByteSize.percent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.events.AuditFinding.Status;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.quotaauditor.exports.ExportDirectories;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

/**
 * The auditor's pure core: from what one run observed, the findings open now ({@link #desired}), and from those
 * and what was announced before, what to publish ({@link #reconcile}). No I/O, no clock, no state.
 */
public final class Findings {
    /** Quota and walk differ by more than this (and 1%) before QUOTA_MISMATCH: metadata blocks are counted apart. */
    static final long MISMATCH_FLOOR = 1024 * 1024;
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::kind)
            .thenComparing(Finding::path).thenComparing(Finding::claimUid);

    private Findings() {
    }

    /** One audit: the findings of this observation, reconciled with those announced before. */
    public static Reconciliation audit(Observation observation, Thresholds thresholds, Map<Finding.Id, Finding> announced) {
        return reconcile(desired(observation, thresholds), announced, thresholds);
    }

    /** Every finding the observation shows, in a stable order (kind, path, claim). */
    public static List<Finding> desired(Observation o, Thresholds t) {
        Map<String, ObservedDirectory> directories = new HashMap<>();
        o.directories().forEach(d -> directories.put(d.relativePath(), d));
        List<Finding> out = new ArrayList<>();
        long provisioned = 0;
        for (ExportRecord e : o.exports()) {
            if (e.phase().holdsSpace()) {
                provisioned += e.requestedBytes();
                addClaim(o, t, e, directories, out);
            }
        }
        addUnowned(o, out);
        addArchives(o, t, out);
        VolumeFigures v = o.volume();
        if (v.totalBytes() > 0 && provisioned > v.totalBytes()) {
            out.add(volumeFinding(FindingKind.OVERCOMMITTED, provisioned, v.totalBytes(), "",
                    "Live claims request " + format(provisioned) + " on a " + format(v.totalBytes()) + " volume ("
                            + percent((double) provisioned / v.totalBytes()) + "); claims that fill their requests"
                            + " will fill the volume: grow the volume or move claims to another server."));
        }
        if (v.totalBytes() > 0 && v.usedShare() > t.volumePressureShare()) {
            long threshold = (long) (t.volumePressureShare() * v.totalBytes());
            out.add(volumeFinding(FindingKind.VOLUME_PRESSURE, v.usedBytes(), threshold, "",
                    "The volume is " + percent(v.usedShare()) + " used (" + format(v.usedBytes()) + " of "
                            + format(v.totalBytes()) + ", above " + percent(t.volumePressureShare())
                            + "); free space (remove old archives, shrink the largest claims) or grow the volume"
                            + " before writes fail."));
        }
        out.sort(ORDER);
        return out;
    }

    /** OVER_QUOTA, NEAR_QUOTA or MISSING_DIRECTORY for one export that holds space. */
    private static void addClaim(Observation o, Thresholds t, ExportRecord e, Map<String, ObservedDirectory> directories,
            List<Finding> out) {
        Optional<String> relative = ExportDirectories.relativePath(e.path(), o.exportedPrefixes());
        if (relative.isEmpty()) {
            if (e.phase() == ExportPhase.READY) {
                out.add(claimFinding(FindingKind.MISSING_DIRECTORY, e, "", 0, e.requestedBytes(),
                        "Claim " + e.subject() + " is READY but its path " + e.path()
                                + " is not under the export root (" + String.join(" or ", o.exportedPrefixes())
                                + "), so it cannot be measured; set nfs-lifecycle.nfs-path to the root as NFS"
                                + " clients mount it."));
            }
            return;
        }
        String path = relative.get();
        ObservedDirectory d = directories.get(path);
        if (d == null || d.role() != Role.CLAIM) {
            if (e.phase() == ExportPhase.READY) {
                out.add(claimFinding(FindingKind.MISSING_DIRECTORY, e, path, 0, e.requestedBytes(),
                        "Claim " + e.subject() + " is READY but its directory " + path + " is gone from the export"
                                + " root; pods that mount it fail: restore the directory from a backup, or delete"
                                + " and recreate the claim."));
            }
            return;
        }
        if (e.requestedBytes() > 0) {
            addUse(t, e, path, d, out);
        }
    }

    /** OVER_QUOTA or NEAR_QUOTA from what the directory uses, with its project's view where it was read. */
    private static void addUse(Thresholds t, ExportRecord e, String path, ObservedDirectory d, List<Finding> out) {
        long used = d.usedBytes();
        long requested = e.requestedBytes();
        QuotaFigures quota = d.quota();
        if (quota != null && d.walked()) {
            addMismatch(e, path, quota, d.measurement(), out);
        }
        String shape = quota == null ? "" : "quotaLimitBytes=" + quota.limitBytes();
        String view = quota == null ? "" : " (its project quota: " + (quota.limitBytes() == 0 ? "no limit"
                : format(quota.limitBytes()) + " limit") + ", " + format(quota.usedBytes()) + " charged)";
        double share = (double) used / requested;
        if (used > requested) {
            String why = quota != null && quota.limitBytes() > 0
                    ? "the quota did not stop it (on ext4 a root writer, or an NFS client with no_root_squash, passes "
                            + "project quotas; XFS stops it), so ask its owner"
                    : "the request is not enforced here, so ask its owner";
            out.add(new Finding(FindingKind.OVER_QUOTA, e.claimUid(), e.namespace(), e.claimName(), path, used,
                    requested, shape, "Claim " + e.subject() + " uses " + format(used) + " of the "
                            + format(requested) + " it requested (" + percent(share) + ")" + view + "; " + why
                            + " to delete data or expand the claim to at least " + format(used) + "."));
        } else if (share > t.nearQuotaShare()) {
            String then = quota != null && quota.limitBytes() > 0 ? "; writes fail at the limit: expand the claim or "
                    + "clean up first." : "; expand the claim or clean up before it goes over.";
            out.add(new Finding(FindingKind.NEAR_QUOTA, e.claimUid(), e.namespace(), e.claimName(), path, used,
                    requested, shape, "Claim " + e.subject() + " uses " + format(used) + " of the "
                            + format(requested) + " it requested (" + percent(share) + ", above "
                            + percent(t.nearQuotaShare()) + ")" + view + then));
        }
    }

    /**
     * QUOTA_MISMATCH: on a run that walked a directory whose project was read too, the two disagree by more than
     * 1 MiB and 1% (files charged elsewhere: moved in from another project, or hard links into another tree; or
     * accounting a crash left stale).
     */
    private static void addMismatch(ExportRecord e, String path, QuotaFigures quota, Measurement walk,
            List<Finding> out) {
        long difference = Math.abs(quota.usedBytes() - walk.allocatedBytes());
        if (difference <= Math.max(MISMATCH_FLOOR, walk.allocatedBytes() / 100)) {
            return;
        }
        out.add(new Finding(FindingKind.QUOTA_MISMATCH, e.claimUid(), e.namespace(), e.claimName(), path,
                quota.usedBytes(), walk.allocatedBytes(), "projectId=" + quota.projectId(),
                "Claim " + e.subject() + ": its project quota " + quota.projectId() + " charges "
                        + format(quota.usedBytes()) + " but a walk of " + path + " counts "
                        + format(walk.allocatedBytes()) + "; files moved in from another project keep being charged"
                        + " there, and accounting a crash left stale is rebuilt at the next mount (XFS) or by"
                        + " e2fsck (ext4). Until then the limit holds the claim to the quota's figure."));
    }

    private static void addUnowned(Observation o, List<Finding> out) {
        Map<String, ExportRecord> formerOwners = new HashMap<>();
        for (ExportRecord e : o.exports()) {
            if (!e.phase().holdsSpace()) {
                ExportDirectories.relativePath(e.path(), o.exportedPrefixes()).ifPresent(p -> formerOwners.put(p, e));
            }
        }
        for (ObservedDirectory d : o.directories()) {
            if (d.role() != Role.UNOWNED) {
                continue;
            }
            long used = d.measurement().allocatedBytes();
            ExportRecord former = formerOwners.get(d.relativePath());
            String why = former == null ? "belongs to no export this auditor knows"
                    : "belonged to claim " + former.subject() + ", now " + former.phase();
            out.add(new Finding(FindingKind.ORPHAN_DIRECTORY, "", "", "", d.relativePath(), used, 0, "",
                    "Directory " + d.relativePath() + " (" + format(used) + ") " + why
                            + "; no live export owns it: if nobody needs the data, archive or remove it by hand"
                            + " (the auditor never deletes)."));
        }
    }

    private static void addArchives(Observation o, Thresholds t, List<Finding> out) {
        long bytes = 0;
        int count = 0;
        Instant oldest = null;
        for (ObservedDirectory d : o.directories()) {
            if (d.role() == Role.ARCHIVE) {
                count++;
                bytes += d.measurement().allocatedBytes();
                oldest = oldest == null || d.changedAt().isBefore(oldest) ? d.changedAt() : oldest;
            }
        }
        if (count == 0 || bytes < t.archiveBacklogBytes()) {
            return;
        }
        Duration age = Duration.between(oldest, o.at());
        out.add(volumeFinding(FindingKind.ARCHIVE_BACKLOG, bytes, t.archiveBacklogBytes(), "archives=" + count,
                count + " archived " + (count == 1 ? "directory holds " : "directories hold ") + format(bytes)
                        + ", the oldest archived " + describe(age) + " ago; remove the archives nobody needs"
                        + " (archived-* under the export root) to free the space."));
    }

    /**
     * What to publish: each current finding that is new or whose figures moved significantly since it was last
     * announced, and a RESOLVED one for each announced finding that is gone.
     */
    public static Reconciliation reconcile(List<Finding> current, Map<Finding.Id, Finding> announced, Thresholds t) {
        Map<Finding.Id, Finding> next = new LinkedHashMap<>();
        List<FindingChange> changes = new ArrayList<>();
        for (Finding f : current) {
            Finding before = announced.get(f.id());
            if (before == null || changedSignificantly(before, f, t)) {
                changes.add(new FindingChange(f, Status.OPEN));
                next.put(f.id(), f);
            } else {
                next.put(f.id(), before);
            }
        }
        announced.values().stream()
                .filter(before -> !next.containsKey(before.id()))
                .sorted(ORDER)
                .forEach(before -> changes.add(new FindingChange(resolved(before), Status.RESOLVED)));
        return new Reconciliation(current, changes, next);
    }

    static boolean changedSignificantly(Finding before, Finding now, Thresholds t) {
        if (before.limitBytes() != now.limitBytes() || !before.shape().equals(now.shape())) {
            return true;
        }
        long moved = Math.abs(now.usedBytes() - before.usedBytes());
        long base = before.limitBytes() > 0 ? before.limitBytes() : Math.max(before.usedBytes(), 1);
        return moved > 0 && moved >= t.significantChange() * base;
    }

    private static Finding resolved(Finding f) {
        String what = switch (f.kind()) {
            case OVER_QUOTA -> "Claim " + f.claim() + " no longer uses more than it requested";
            case NEAR_QUOTA -> "Claim " + f.claim() + " is no longer near its request";
            case ORPHAN_DIRECTORY -> "Directory " + f.path() + " is gone or owned by a live export again";
            case MISSING_DIRECTORY -> "Claim " + f.claim() + " has its directory " + f.path() + " back, or is no longer READY";
            case ARCHIVE_BACKLOG -> "The archive backlog is cleared";
            case OVERCOMMITTED -> "Live claims no longer request more than the volume holds";
            case VOLUME_PRESSURE -> "The volume is back below its pressure threshold";
            case QUOTA_MISMATCH -> "The quota of claim " + f.claim() + " and a walk of " + f.path() + " agree again";
        };
        return new Finding(f.kind(), f.claimUid(), f.namespace(), f.claimName(), f.path(), f.usedBytes(),
                f.limitBytes(), f.shape(), what + "; nothing to do.");
    }

    private static Finding claimFinding(FindingKind kind, ExportRecord e, String path, long used, long limit, String message) {
        return new Finding(kind, e.claimUid(), e.namespace(), e.claimName(), path, used, limit, "", message);
    }

    private static Finding volumeFinding(FindingKind kind, long used, long limit, String shape, String message) {
        return new Finding(kind, "", "", "", "", used, limit, shape, message);
    }

    private static String describe(Duration age) {
        if (age.toDays() >= 1) {
            return age.toDays() + (age.toDays() == 1 ? " day" : " days");
        }
        if (age.toHours() >= 1) {
            return age.toHours() + (age.toHours() == 1 ? " hour" : " hours");
        }
        return Math.max(0, age.toMinutes()) + " minutes";
    }
}
