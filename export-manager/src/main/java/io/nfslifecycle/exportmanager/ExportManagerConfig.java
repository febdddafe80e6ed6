package io.nfslifecycle.exportmanager;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the export manager, under {@code nfs-lifecycle.}; environment: {@code NFS_LIFECYCLE_...}. */
@ConfigMapping(prefix = "nfs-lifecycle")
public interface ExportManagerConfig {

    /** The NFS server this manager serves; StorageClasses name it in their {@code server} parameter. */
    @WithDefault("nfs-1")
    String serverId();

    /** The export root: the only tree this service ever creates, renames or deletes in. */
    @WithDefault(".local/exports")
    Path exportRoot();

    /** The host name or address NFS clients mount from; goes into every export record and PV. */
    @WithDefault("127.0.0.1")
    String nfsHost();

    /** Capacity reporting. */
    Capacity capacity();

    interface Capacity {
        /** How often {@code capacity.reported} is published when nothing changed. */
        @WithDefault("60s")
        Duration reportInterval();
    }
}
