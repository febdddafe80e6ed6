package io.nfslifecycle.claimwatcher.leader;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.nfslifecycle.kit.threads.Daemons;

/**
 * fabric8's LeaderElector on a coordination.k8s.io/v1 Lease, run for as long as the process lives: when the
 * elector ends (leadership lost, API away), a new one starts after the retry period. Never gives up.
 */
public final class LeaderLoop implements BooleanSupplier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderLoop.class);

    /** The Lease and its timings. */
    public record Lease(String namespace, String name, String identity, Duration duration, Duration renewDeadline,
            Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final Lease lease;
    private final Runnable onGained;
    private final ScheduledExecutorService restarts;
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile String leader = "";
    private volatile CompletableFuture<?> running = CompletableFuture.completedFuture(null);

    public LeaderLoop(KubernetesClient client, Lease lease, Runnable onGained) {
        this.client = client;
        this.lease = lease;
        this.onGained = onGained;
        this.restarts = Executors.newSingleThreadScheduledExecutor(Daemons.named("leader-election-" + lease.identity()));
    }

    public void start() {
        restarts.execute(this::elect);
    }

    private void elect() {
        if (closed) {
            return;
        }
        try {
            running = client.leaderElector()
                    .withConfig(new LeaderElectionConfigBuilder()
                            .withName(lease.name())
                            .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                            .withLeaseDuration(lease.duration())
                            .withRenewDeadline(lease.renewDeadline())
                            .withRetryPeriod(lease.retryPeriod())
                            .withReleaseOnCancel()
                            .withLeaderCallbacks(new LeaderCallbacks(this::gained, this::lost, this::observed))
                            .build())
                    .build()
                    .start();
            running.whenComplete((ok, failure) -> {
                leading = false;
                if (!closed) {
                    restarts.schedule(this::elect, lease.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("leader election on Lease %s/%s could not start: %s; trying again", lease.namespace(),
                    lease.name(), e.getMessage());
            restarts.schedule(this::elect, lease.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void gained() {
        leading = true;
        LOG.infof("%s leads now (Lease %s/%s): it publishes and writes", lease.identity(), lease.namespace(),
                lease.name());
        onGained.run();
    }

    private void lost() {
        leading = false;
        LOG.infof("%s no longer leads (Lease %s/%s); it stays ready and waits", lease.identity(), lease.namespace(),
                lease.name());
    }

    private void observed(String identity) {
        leader = identity == null ? "" : identity;
    }

    /** True while this replica holds the Lease. */
    @Override
    public boolean getAsBoolean() {
        return leading;
    }

    /** The identity of the current leader as last observed; empty when unknown. */
    public String leader() {
        return leader;
    }

    public String identity() {
        return lease.identity();
    }

    /** Steps down, releasing the Lease so another replica takes over at once. */
    @Override
    public void close() {
        closed = true;
        running.cancel(true);
        leading = false;
        restarts.shutdownNow();
    }
}
