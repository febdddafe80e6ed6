package io.nfslifecycle.claimwatcher.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.nfslifecycle.claimwatcher.kafka.ExportsFromStart;
import io.nfslifecycle.claimwatcher.kubernetes.ClusterCache;
import io.nfslifecycle.claimwatcher.leader.Leadership;

/**
 * Ready when the Kubernetes API answers (every informer synced and watching) and the exports known at start were
 * read. Leadership is reported, never required: a follower is ready to take over. Kafka's own state is reported by
 * SmallRye's messaging health check beside this one.
 */
@Readiness
@ApplicationScoped
public class WatcherReadiness implements HealthCheck {
    private final ClusterCache cluster;
    private final ExportsFromStart exports;
    private final Leadership leadership;

    @Inject
    public WatcherReadiness(ClusterCache cluster, ExportsFromStart exports, Leadership leadership) {
        this.cluster = cluster;
        this.exports = exports;
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        boolean api = cluster.synced() && cluster.watching();
        boolean caughtUp = exports.caughtUp();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("claim-watcher")
                .withData("kubernetes-api", api ? "up" : "down: informers are retrying; check the API server and"
                        + " the service account's RBAC")
                .withData("exports", caughtUp ? "read" : "not read yet: waiting for Kafka (nfs-lifecycle.exports)")
                .withData("leader", leadership.leading() ? "this replica (" + leadership.identity() + ")"
                        : leadership.leader().isEmpty() ? "unknown" : leadership.leader())
                .status(api && caughtUp);
        return response.build();
    }
}
