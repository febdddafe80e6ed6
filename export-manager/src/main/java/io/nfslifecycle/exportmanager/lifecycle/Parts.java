package io.nfslifecycle.exportmanager.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.store.ExportStore;

/**
 * What every step of the lifecycle works with: the settings, the export root, the durable records, the volume's
 * figures, the project quotas, the clock, the crash-test listener and the locks; plus the claims whose READY
 * directory is missing.
 */
record Parts(ExportLifecycle.Settings settings, ExportRoot root, ExportStore store, VolumeSource volume,
        ClaimQuotas quotas, Clock clock, StepListener steps, ClaimLocks locks, Set<String> missingDirectories) {

    Parts(ExportLifecycle.Settings settings, ExportRoot root, ExportStore store, VolumeSource volume,
            ClaimQuotas quotas, Clock clock, StepListener steps) {
        this(settings, root, store, volume, quotas, clock, steps, new ClaimLocks(), ConcurrentHashMap.newKeySet());
    }

    Instant now() {
        return clock.instant();
    }
}
