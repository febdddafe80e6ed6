package io.nfslifecycle.exportmanager.lifecycle;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.Retention;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.reporting.VolumeStats;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.quota.QuotaMode;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StateLock;

/** Wires the lifecycle from the settings; it is plain Java so tests build it without Quarkus. */
@ApplicationScoped
public class LifecycleProducer {

    @Produces
    @ApplicationScoped
    ExportLifecycle lifecycle(ExportManagerConfig config) {
        StateLock.acquire(config.stateDir());
        ExportRoot root = new ExportRoot(config.exportRoot());
        ExportStore store = ExportStore.open(config.stateDir());
        ExportLifecycle.Settings settings = new ExportLifecycle.Settings(config.serverId(), config.nfsHost(),
                config.nfsPath().orElse(root.path().toString()), mode(config.directoryMode()),
                new AdmissionPolicy(config.admission().overcommitRatio(), config.admission().checkFreeSpace()),
                archives(config.archive()));
        ClaimQuotas quotas = ClaimQuotas.detect(QuotaMode.parse(config.quota().mode()), root.path(),
                config.quota().firstProjectId());
        return new ExportLifecycle(settings, root, store, new VolumeStats(root.path()), quotas, Clock.systemUTC(),
                StepListener.NONE);
    }

    /** The recycle bin's settings; a retention that is no retention stops the start with what to write. */
    static ExportLifecycle.Archives archives(ExportManagerConfig.Archive archive) {
        try {
            Duration kept = Retention.parse(archive.purgedRecordsKept());
            ExportLifecycle.PurgeForSpace pressure;
            try {
                pressure = ExportLifecycle.PurgeForSpace.valueOf(archive.purgeForSpace().trim()
                        .toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("purge-for-space is '" + archive.purgeForSpace() + "'; write none, "
                        + "expired or any", e);
            }
            return new ExportLifecycle.Archives(Retention.parse(archive.retention()), Math.max(1,
                    archive.purgesPerSweep()), kept.isZero() ? Duration.ofDays(36500) : kept,
                    archive.restoreAcrossNamespaces(), pressure);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nfs-lifecycle.archive: " + e.getMessage(), e);
        }
    }

    /** The codec of what this service publishes: CloudEvents source {@code /nfs-lifecycle/export-manager/<server>}. */
    @Produces
    @ApplicationScoped
    EventCodec codec(ExportManagerConfig config) {
        return new EventCodec("/nfs-lifecycle/export-manager/" + config.serverId());
    }

    /** {@code 0777}, {@code 775}, ... as POSIX permissions. */
    public static Set<PosixFilePermission> mode(String octal) {
        int bits = Integer.parseInt(octal.trim(), 8);
        if (bits < 0 || bits > 0777) {
            throw new IllegalArgumentException("nfs-lifecycle.directory-mode must be an octal mode up to 0777, was "
                    + octal);
        }
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                mode.add(order[i]);
            }
        }
        return mode;
    }
}
