package io.nfslifecycle.claimwatcher.leader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nfslifecycle.claimwatcher.ClaimWatcherConfig;

/** This replica's part in the leader election, configured from {@link ClaimWatcherConfig.Leader}. */
@ApplicationScoped
public class Leadership {
    private final KubernetesClient client;
    private final ClaimWatcherConfig config;
    private volatile LeaderLoop loop;

    @Inject
    public Leadership(KubernetesClient client, ClaimWatcherConfig config) {
        this.client = client;
        this.config = config;
    }

    public synchronized void start(Runnable onGained) {
        if (loop != null) {
            return;
        }
        ClaimWatcherConfig.Leader leader = config.leader();
        String namespace = leader.leaseNamespace()
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        loop = new LeaderLoop(client, new LeaderLoop.Lease(namespace, leader.leaseName(), identity(config),
                leader.leaseDuration(), leader.renewDeadline(), leader.retryPeriod()), onGained);
        loop.start();
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }

    public boolean leading() {
        LeaderLoop current = loop;
        return current != null && current.getAsBoolean();
    }

    /** The current leader as last observed; empty when unknown. */
    public String leader() {
        LeaderLoop current = loop;
        return current == null ? "" : current.leader();
    }

    public String identity() {
        return identity(config);
    }

    /** The configured instance name, else the host name (the pod name in Kubernetes), else a random one. */
    public static String identity(ClaimWatcherConfig config) {
        return config.instance().orElseGet(() -> {
            String host = System.getenv("HOSTNAME");
            if (host != null && !host.isBlank()) {
                return host;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "claim-watcher-" + UUID.randomUUID();
            }
        });
    }
}
