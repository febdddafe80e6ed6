package io.nfslifecycle.exportmanager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the export manager, under {@code nfs-lifecycle.}; environment: {@code NFS_LIFECYCLE_...}. */
@ConfigMapping(prefix = "nfs-lifecycle")
public interface ExportManagerConfig {

    /** The NFS server this manager serves; StorageClasses name it in their {@code server} parameter. */
    @WithDefault("nfs-1")
    String serverId();

    /**
     * The other NFS servers whose export managers share the claims topic. Events for them are skipped and
     * counted; when this list is set, an event naming a server that is neither this one nor listed goes to the
     * dead-letter topic. Unset: every other server's events are skipped.
     */
    Optional<List<String>> peerServers();

    /**
     * This process among the server's instances, part of the claims consumer's static {@code group.instance.id} (a
     * restarted instance gets its partitions back at once). On the storage VM the host name; unset: the
     * {@code HOSTNAME} environment variable, else {@code local}.
     */
    Optional<String> instance();

    /** The export root: the only tree this service ever creates, renames or deletes in. */
    @WithDefault(".local/exports")
    Path exportRoot();

    /** Where the durable export records live (one JSON file per claim); keep it off the export root. */
    @WithDefault(".local/export-state")
    Path stateDir();

    /** The host name or address NFS clients mount from; goes into every export record and PV. */
    @WithDefault("127.0.0.1")
    String nfsHost();

    /** The export root's path as NFS clients mount it; unset: the export root's absolute path. */
    Optional<String> nfsPath();

    /** The claim directory's mode, octal; 0777 as nfs-subdir-external-provisioner, so any pod uid can write. */
    @WithDefault("0777")
    String directoryMode();

    /**
     * How often every claim's directory is looked at again: a READY one that went (or came back) is told to its claim,
     * a RETAINED one an operator removed frees its space.
     */
    @WithDefault("5m")
    Duration sweepInterval();

    /** Capacity admission. */
    Admission admission();

    /** Capacity reporting. */
    Capacity capacity();

    /** Project quotas: each claim directory limited to its request, where the export root's filesystem enforces them. */
    Quota quota();

    /**
     * The bearer token the mutating calls of the REST API require ({@code DELETE /api/v1/archives/{id}}, {@code POST
     * /api/v1/archives/{id}/retention}); unset: every such call is refused.
     */
    Optional<String> apiToken();

    /** The recycle bin: how long archives are kept, and how they are purged. */
    Archive archive();

    interface Archive {
        /**
         * How long an archive is kept when its claim's StorageClass names no {@code archiveRetention}: a whole number
         * and a unit (30s, 90m, 36h, 7d, 2w); 0 keeps archives forever, as before the recycle bin.
         */
        @WithDefault("0")
        String retention();

        /** How often archives are looked at: the expired ones purged, the new ones measured. */
        @WithDefault("1m")
        Duration sweepInterval();

        /** At most this many archives are purged on one sweep, so a backlog never floods the disk with deletes. */
        @WithDefault("10")
        int purgesPerSweep();

        /** How long the record of a purged archive is kept (REST and the exports topic show it), e.g. 30d. */
        @WithDefault("30d")
        String purgedRecordsKept();

        /**
         * Which archives may be purged, oldest expiry first, when a claim would otherwise be refused for space:
         * {@code none} (the claim is refused), {@code expired} (only archives past their retention), {@code any}
         * (the unexpired ones too, oldest first, once the expired are not enough). The refusal says which are purged.
         */
        @WithDefault("none")
        String purgeForSpace();

        /** Whether a claim may restore an archive made from a claim of another namespace. */
        @WithDefault("false")
        boolean restoreAcrossNamespaces();
    }

    interface Quota {
        /**
         * {@code auto}: use them where the export root enforces them (XFS with prjquota, ext4 with the project feature
         * and prjquota), say why not otherwise; {@code required}: refuse to start without; {@code off}: never.
         */
        @WithDefault("auto")
        String mode();

        /**
         * The first project id this manager gives a claim directory; the ids from here up are its own (keep the
         * operator's own projects, as in /etc/projects, below it).
         */
        @WithDefault("10000")
        long firstProjectId();
    }

    interface Admission {
        /** How far the sum of live requests may exceed the volume's size: 1.0 not at all, 2.0 twice. */
        @WithDefault("1.0")
        double overcommitRatio();

        /** Refuse a claim larger than the free space now; switch off for thin provisioning. */
        @WithDefault("true")
        boolean checkFreeSpace();
    }

    interface Capacity {
        /** How often {@code capacity.reported} is published when nothing changed. */
        @WithDefault("60s")
        Duration reportInterval();
    }
}
