package io.nfslifecycle.claimwatcher;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the claim watcher, under {@code nfs-lifecycle.}; environment: {@code NFS_LIFECYCLE_...}. */
@ConfigMapping(prefix = "nfs-lifecycle")
public interface ClaimWatcherConfig {

    /** A StorageClass is ours when its {@code provisioner} is this name; it also goes into every PV we create. */
    @WithDefault("nfs-lifecycle.io/nfs")
    String provisioner();

    /**
     * This replica's name: the Lease holder identity and the CloudEvents source suffix. In a pod, set it from
     * the pod name; by default the host name, which is the pod name in Kubernetes.
     */
    Optional<String> instance();

    /** How often the watcher reconciles everything even when nothing changed (the drift failsafe). */
    @WithDefault("30s")
    Duration resyncInterval();

    /** A claim event that got no answer on nfs-lifecycle.exports within this time is published again. */
    @WithDefault("10m")
    Duration requestTimeout();

    /**
     * A server whose export manager has not reported its capacity for this long gets no new claims: they wait, with
     * a Warning naming the server.
     */
    @WithDefault("10m")
    Duration serverSilence();

    /** Retries of a request the export manager refused as retryable (capacity may free up). */
    Retry retry();

    /** Leader election on a coordination.k8s.io/v1 Lease: only the leader publishes and writes. */
    Leader leader();

    /** Taking over the volumes nfs-subdir-external-provisioner made, in place. */
    Migration migration();

    interface Migration {
        /**
         * Whether the candidates are adopted. Off (the default), they are only listed, with what would happen to
         * each, at {@code GET /api/v1/migration} (the dry run).
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * The {@code pv.kubernetes.io/provisioned-by} names whose PVs are candidates: the Helm chart's default and
         * the plain deployment's.
         */
        @WithDefault("cluster.local/nfs-subdir-external-provisioner,k8s-sigs.io/nfs-subdir-external-provisioner")
        Set<String> provisioners();

        /** The {@code spec.nfs.server} of those PVs (nfs-subdir's {@code nfs.server}); none: nothing is a candidate. */
        Optional<String> nfsServer();

        /** The directory nfs-subdir exported (its {@code nfs.path}), the export root of {@code server-id}. */
        @WithDefault("/mnt/data")
        String root();

        /** Our server (StorageClass parameter {@code server}) whose export manager holds that root. */
        Optional<String> serverId();

        /** What a release does with an adopted directory: {@code archive} (the default) or {@code retain}. */
        @WithDefault("archive")
        String onDelete();
    }

    interface Retry {
        /** The wait after the first retryable failure; it doubles with every further failure. */
        @WithDefault("10s")
        Duration initialBackoff();

        /** The longest wait between two attempts; retries never stop. */
        @WithDefault("10m")
        Duration maxBackoff();
    }

    interface Leader {
        /** The Lease's name. */
        @WithDefault("nfs-lifecycle-claim-watcher")
        String leaseName();

        /** The Lease's namespace; by default the Kubernetes client's namespace (the pod's own). */
        Optional<String> leaseNamespace();

        /** How long a Lease holds without renewal: the longest a dead leader blocks the others. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** The leader gives up when it cannot renew within this time. */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to acquire and the leader renews. */
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
