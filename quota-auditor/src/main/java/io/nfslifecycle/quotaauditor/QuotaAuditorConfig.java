package io.nfslifecycle.quotaauditor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the quota auditor, under {@code nfs-lifecycle.}; environment: {@code NFS_LIFECYCLE_...}. */
@ConfigMapping(prefix = "nfs-lifecycle")
public interface QuotaAuditorConfig {

    /** The NFS server whose exports this auditor checks; only export records of this server count. */
    @WithDefault("nfs-1")
    String serverId();

    /** The export root the export manager writes; this service only ever reads it. */
    @WithDefault(".local/exports")
    Path exportRoot();

    /**
     * The export root's path as NFS clients mount it, i.e. the prefix of the {@code path} in export records; the
     * same setting as the export manager's. Unset: the export root's absolute and real paths (the export manager's
     * default is the real path).
     */
    Optional<String> nfsPath();

    /** The bearer token that {@code POST /api/v1/audit/runs} requires; unset: every trigger is refused. */
    Optional<String> apiToken();

    /** When and how audits run. */
    Audit audit();

    /** What counts as a finding. */
    Thresholds thresholds();

    interface Audit {
        /** How often an audit runs after the first one ({@code 10m}, {@code 1h}); {@code off} disables the periodic run. */
        @WithDefault("10m")
        String interval();

        /** Whether one audit runs as soon as the export view has read the exports topic to its end. */
        @WithDefault("true")
        boolean runAtStart();

        /** How long the start run waits for the export view to catch up before it runs anyway (Kafka away). */
        @WithDefault("2m")
        Duration catchUpTimeout();

        /** Threads that walk the tree: claim directories and their subdirectories in parallel. */
        @WithDefault("2")
        int parallelism();

        /** A scan longer than this logs its progress (files/s) at this interval. */
        @WithDefault("10s")
        Duration progressInterval();

        /**
         * Where claim directories have project quotas, a run reads what each uses from the quota accounting instead
         * of walking it; one run in this many (the first one always) walks them too, and reports QUOTA_MISMATCH where
         * the two disagree. 1: always walk.
         */
        @WithDefault("12")
        int walkEvery();

        /** How many finished runs {@code GET /api/v1/audit/runs/{id}} remembers. */
        @WithDefault("100")
        int runsKept();
    }

    interface Thresholds {
        /** NEAR_QUOTA when a claim uses more than this share of its request. */
        @WithDefault("0.90")
        double nearQuotaShare();

        /** VOLUME_PRESSURE when the volume is used above this share of its size. */
        @WithDefault("0.85")
        double volumePressureShare();

        /** ARCHIVE_BACKLOG when the archived directories hold at least this many allocated bytes (0: any archive). */
        @WithDefault("0")
        long archiveBacklogBytes();

        /**
         * An open finding is published again only when its figure moved by at least this share of its limit (or of
         * its previous figure when it has no limit), so a slowly growing claim is not announced on every run.
         */
        @WithDefault("0.01")
        double significantChange();
    }
}
