package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;

import org.jboss.logging.Logger;

import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/** The size of each new archive, measured once (its regular files' lengths, no link followed) outside every lock. */
final class ArchiveSizes {
    private static final Logger LOG = Logger.getLogger(ArchiveSizes.class);

    private ArchiveSizes() {
    }

    static int measure(Parts parts, ArchiveBin bin, int max) {
        int measured = 0;
        for (StoredExport stored : bin.all()) {
            if (measured >= max) {
                break;
            }
            if (stored.archive().bytes() >= 0 || !stored.archive().kept()) {
                continue;
            }
            long bytes;
            try {
                bytes = parts.root().sizeOfTree(DirectoryName.parse(stored.finalPath()));
            } catch (IOException | RuntimeException e) {
                LOG.debugf("archive %s cannot be measured now (%s)", stored.finalPath(), e.getMessage());
                continue;
            }
            measured++;
            parts.locks().forClaim(stored.claimUid(), () -> parts.locks().deciding(() -> {
                bin.get(stored.claimUid()).filter(s -> s.archive().kept()).ifPresent(now -> {
                    try {
                        parts.store().put(now.withArchive(now.archive().measured(bytes)),
                                ExportStore.Durability.OUTCOME);
                    } catch (IOException e) {
                        LOG.debugf("the size of archive %s cannot be recorded (%s)", now.finalPath(), e.getMessage());
                    }
                });
                return null;
            }));
        }
        return measured;
    }
}
