package io.nfslifecycle.quotaauditor.findings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.quotaauditor.exports.ExportDirectories;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

/**
 * What one audit found, as {@code GET /api/v1/audit} shows it: the volume, every live claim sorted by what it
 * uses (largest first), the archives, and the open findings.
 */
public record AuditReport(String runId, String serverId, Instant startedAt, Instant finishedAt, long durationMillis,
        Volume volume, List<ClaimUsage> claims, Archives archives, List<Finding> findings, long filesScanned,
        long directoriesScanned) {

    /**
     * @param provisionedBytes the sum of the live claims' requests
     * @param measuredBytes    allocated bytes of every claim, archive and unowned directory the scan measured
     */
    public record Volume(long totalBytes, long usedBytes, double usedShare, long provisionedBytes, long measuredBytes) {
    }

    /**
     * One live claim.
     *
     * @param usedBytes        allocated bytes ({@code du}); 0 when the directory is missing
     * @param usedShare        usedBytes / requestedBytes
     * @param directoryPresent whether the scan found its directory
     * @param storageClassName the claim's StorageClass, as its export record says (empty from older records)
     * @param projectId        the project holding its limit; 0 where it has none
     * @param quotaLimitBytes  that project's hard limit as the kernel holds it; 0 when none or not read
     * @param quotaUsedBytes   what the kernel charges that project (then also {@code usedBytes}); 0 when not read
     */
    public record ClaimUsage(String claimUid, String namespace, String name, String path, ExportPhase phase,
            long requestedBytes, long usedBytes, long apparentBytes, long files, long directories, double usedShare,
            boolean directoryPresent, String storageClassName, long projectId, long quotaLimitBytes,
            long quotaUsedBytes) {

        /** A claim without a project. */
        public ClaimUsage(String claimUid, String namespace, String name, String path, ExportPhase phase,
                long requestedBytes, long usedBytes, long apparentBytes, long files, long directories,
                double usedShare, boolean directoryPresent, String storageClassName) {
            this(claimUid, namespace, name, path, phase, requestedBytes, usedBytes, apparentBytes, files, directories,
                    usedShare, directoryPresent, storageClassName, 0, 0, 0);
        }
    }

    /** The {@code archived-*} directories: how many, their allocated bytes, the oldest one's age in seconds. */
    public record Archives(int count, long bytes, long oldestAgeSeconds) {
    }

    public static AuditReport of(String runId, String serverId, Observation o, List<Finding> open, Instant finishedAt,
            long filesScanned, long directoriesScanned) {
        Map<String, ObservedDirectory> byPath = new HashMap<>();
        o.directories().forEach(d -> byPath.put(d.relativePath(), d));
        List<ClaimUsage> claims = new ArrayList<>();
        long provisioned = 0;
        for (ExportRecord e : o.exports()) {
            if (!e.phase().holdsSpace()) {
                continue;
            }
            provisioned += e.requestedBytes();
            Optional<String> path = ExportDirectories.relativePath(e.path(), o.exportedPrefixes());
            ObservedDirectory d = path.map(byPath::get).filter(x -> x.role() == Role.CLAIM).orElse(null);
            Measurement m = d == null ? Measurement.EMPTY : d.measurement();
            long used = d == null ? 0 : d.usedBytes();
            QuotaFigures quota = d == null ? null : d.quota();
            claims.add(new ClaimUsage(e.claimUid(), e.namespace(), e.claimName(), path.orElse(e.path()), e.phase(),
                    e.requestedBytes(), used, m.apparentBytes(), m.files(), m.directories(),
                    e.requestedBytes() == 0 ? 0 : (double) used / e.requestedBytes(), d != null,
                    e.storageClassName(), e.projectId(), quota == null ? 0 : quota.limitBytes(),
                    quota == null ? 0 : quota.usedBytes()));
        }
        claims.sort(Comparator.comparingLong(ClaimUsage::usedBytes).reversed()
                .thenComparing(ClaimUsage::namespace).thenComparing(ClaimUsage::name));
        int archives = 0;
        long archived = 0;
        long measured = 0;
        Instant oldest = o.at();
        for (ObservedDirectory d : o.directories()) {
            measured += d.usedBytes();
            if (d.role() == Role.ARCHIVE) {
                archives++;
                archived += d.measurement().allocatedBytes();
                oldest = d.changedAt().isBefore(oldest) ? d.changedAt() : oldest;
            }
        }
        VolumeFigures v = o.volume();
        return new AuditReport(runId, serverId, o.at(), finishedAt, Duration.between(o.at(), finishedAt).toMillis(),
                new Volume(v.totalBytes(), v.usedBytes(), v.usedShare(), provisioned, measured), claims,
                new Archives(archives, archived, Math.max(0, Duration.between(oldest, o.at()).toSeconds())),
                open, filesScanned, directoriesScanned);
    }

    /** The claim {@code namespace/name}, if it is live. */
    public Optional<ClaimUsage> claim(String namespace, String name) {
        return claims.stream().filter(c -> c.namespace().equals(namespace) && c.name().equals(name)).findFirst();
    }
}
