package io.nfslifecycle.exportmanager.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.admission.VolumeFigures;
import io.nfslifecycle.exportmanager.reporting.VolumeStats;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.store.ExportStore;

/** A lifecycle over a real export root and a real state directory, rebuilt from disk by {@link #restart}. */
final class Workspace {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    final Path root;
    final Path state;
    private final AdmissionPolicy policy;
    private final VolumeSource volume;
    /** The project quotas each start uses; none when null. */
    ClaimQuotas quotas;
    /** The recycle bin's settings each start uses. */
    ExportLifecycle.Archives archives = ExportLifecycle.Archives.DEFAULT;
    /** The clock each start uses. */
    Clock clock = CLOCK;

    Workspace(Path base) {
        this(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, true), null);
    }

    Workspace(Path root, Path state, AdmissionPolicy policy, VolumeSource volume) {
        this.root = root;
        this.state = state;
        this.policy = policy;
        this.volume = volume;
    }

    /** A volume of the given size, all of it free: admission then depends on the requests only. */
    static VolumeSource volumeOf(long bytes) {
        return () -> new VolumeFigures(bytes, 0, bytes);
    }

    ExportLifecycle start() {
        return start(StepListener.NONE);
    }

    /** A fresh lifecycle reading everything from disk, as after a restart. */
    ExportLifecycle start(StepListener steps) {
        ExportRoot exportRoot = new ExportRoot(root);
        ExportStore store = ExportStore.open(state);
        ExportLifecycle.Settings settings = new ExportLifecycle.Settings("nfs-1", "nfs.example",
                "/srv/nfs", LifecycleProducer.mode("0777"), policy, archives);
        VolumeSource source = volume != null ? volume : new VolumeStats(exportRoot.path());
        return quotas == null ? new ExportLifecycle(settings, exportRoot, store, source, clock, steps)
                : new ExportLifecycle(settings, exportRoot, store, source, quotas, clock, steps);
    }
}
