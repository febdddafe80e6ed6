package io.nfslifecycle.claimwatcher;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nfslifecycle.claimwatcher.book.ServerBook;
import io.nfslifecycle.claimwatcher.kafka.CapacityFromStart;
import io.nfslifecycle.claimwatcher.kafka.ClaimEventPublisher;
import io.nfslifecycle.claimwatcher.kafka.ExportConsumer;
import io.nfslifecycle.claimwatcher.kafka.ExportsFromStart;
import io.nfslifecycle.claimwatcher.kubernetes.ClusterCache;
import io.nfslifecycle.claimwatcher.kubernetes.KubernetesWrites;
import io.nfslifecycle.claimwatcher.leader.Leadership;
import io.nfslifecycle.claimwatcher.plan.ClaimPhase;
import io.nfslifecycle.claimwatcher.plan.Migration;
import io.nfslifecycle.claimwatcher.book.ExportBook;
import io.nfslifecycle.claimwatcher.plan.Plan;
import io.nfslifecycle.claimwatcher.plan.Scope;
import io.nfslifecycle.claimwatcher.reconcile.Reconciler;
import io.nfslifecycle.claimwatcher.plan.Servers;
import io.nfslifecycle.claimwatcher.plan.Settings;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.kit.metrics.Buckets;
import io.nfslifecycle.kit.threads.Daemons;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Wires the adapters to the reconciler and runs it on one thread. What changed is gathered until the reconcile thread
 * is free: an informer change or an export event names its claim or PV, and the next reconcile looks at those alone
 * (and what they reach), so its cost is that of what changed, whatever the size of the cluster. A StorageClass changed,
 * a server's reports starting (again, after a silence), leadership gained and the periodic resync look at everything. A
 * claim whose backoff or request time ends is looked at again then; one whose action failed (the API or Kafka refused
 * or was away), after a backoff ({@link WakeUps}). Until the informers have synced and the exports were read from the
 * start, nothing is done; everything is looked at once they are. A plan's actions run on a pool of writers, one claim's
 * in order, different claims' side by side, and the next reconcile starts once they are done.
 */
@ApplicationScoped
public class ClaimWatcher implements ExportConsumer.Listener, ClusterCache.Changes {
    /** Writes to the API at once: no limit of the watcher's own below what the API server takes. */
    private static final int WRITERS = 16;
    private static final Logger LOG = Logger.getLogger(ClaimWatcher.class);

    private final ClaimWatcherConfig config;
    private final ClusterCache cluster;
    private final KubernetesWrites writes;
    private final ClaimEventPublisher publisher;
    private final ExportsFromStart exports;
    private final Leadership leadership;
    private final MeterRegistry registry;
    private final ExportBook book;
    private final ServerBook servers;
    private final CapacityFromStart capacity;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean everything = new AtomicBoolean(true);
    private final Set<String> claimsChanged = ConcurrentHashMap.newKeySet();
    private final Set<String> volumesChanged = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;
    private volatile ExecutorService writers;
    /** When claims are to be looked at again. */
    private volatile WakeUps wakeUps;
    private volatile Reconciler reconciler;

    @Inject
    public ClaimWatcher(ClaimWatcherConfig config, ClusterCache cluster, KubernetesWrites writes,
            ClaimEventPublisher publisher, ExportsFromStart exports, Leadership leadership, MeterRegistry registry,
            ExportBook book, ServerBook servers, CapacityFromStart capacity) {
        this.config = config;
        this.cluster = cluster;
        this.writes = writes;
        this.publisher = publisher;
        this.exports = exports;
        this.leadership = leadership;
        this.registry = registry;
        this.book = book;
        this.servers = servers;
        this.capacity = capacity;
    }

    /** The one memory of exports and requests this process keeps. */
    @Produces
    @Singleton
    static ExportBook exportBook() {
        return new ExportBook();
    }

    /** When each server's export manager last reported. */
    @Produces
    @Singleton
    static ServerBook serverBook() {
        return new ServerBook();
    }

    /** The migration settings, checked: adoption on needs the server it adopts from and ours. */
    static Migration migration(ClaimWatcherConfig.Migration config) {
        OnDelete onDelete = OnDelete.parse(config.onDelete()).filter(d -> d != OnDelete.DELETE)
                .orElseThrow(() -> new IllegalArgumentException("nfs-lifecycle.migration.on-delete is '"
                        + config.onDelete() + "'; use archive (the default) or retain: an adopted directory was not "
                        + "made by nfs-lifecycle, so a release never deletes it"));
        if (config.enabled() && (config.nfsServer().isEmpty() || config.serverId().isEmpty())) {
            throw new IllegalArgumentException("nfs-lifecycle.migration.enabled is true but nfs-server or server-id "
                    + "is not set: set nfs-lifecycle.migration.nfs-server to the spec.nfs.server of the volumes to "
                    + "adopt and nfs-lifecycle.migration.server-id to the server whose export root holds them");
        }
        return new Migration(config.enabled(), config.provisioners(), config.nfsServer().orElse(""), config.root(),
                config.serverId().orElse(""), onDelete);
    }

    void onStart(@Observes StartupEvent start) {
        ScheduledExecutorService reconciling = Executors.newSingleThreadScheduledExecutor(
                Daemons.named("claim-watcher-reconcile"));
        wakeUps = new WakeUps(reconciling, this::schedule, config.resyncInterval());
        writers = Executors.newFixedThreadPool(WRITERS, Daemons.numbered("claim-watcher-writer"));
        Timer latency = Buckets.slo(Timer.builder("nfs.lifecycle.provisioning.latency"))
                .description("From when the watcher first saw a claim to the creation of its PV")
                .register(registry);
        reconciler = new Reconciler(
                new Settings(config.provisioner(), config.requestTimeout(), config.retry().initialBackoff(),
                        config.retry().maxBackoff(), config.serverSilence(), migration(config.migration())),
                book,
                new Reconciler.Ports(cluster, writes, publisher, leadership::leading, exports::caughtUp,
                        () -> new Servers(capacity.caughtUp(), servers.lastReports())),
                Clock.systemUTC(), writers, latency::record);
        reconciler.whenCarriedOut(wakeUps::succeeded, uid -> wakeUps.failed(uid, Instant.now()));
        executor = reconciling; // from here on, changes are reconciled
        for (ClaimPhase phase : ClaimPhase.values()) {
            Gauge.builder("nfs.lifecycle.claims", this, w -> w.count(phase))
                    .description("Claims of our StorageClasses by lifecycle phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
        cluster.start(this);
        // the watcher acts only once it has read the exports (and judges servers once it has read the capacity):
        // what it planned before is looked at again then
        exports.onCaughtUp(this::trigger);
        capacity.onCaughtUp(this::trigger);
        leadership.start(this::trigger);
        LOG.infof("watching claims of StorageClasses with provisioner %s as %s", config.provisioner(),
                leadership.identity());
    }

    void onStop(@Observes ShutdownEvent stop) {
        leadership.stop();
        cluster.stop();
        if (executor != null) {
            executor.shutdownNow();
        }
        if (writers != null) {
            writers.shutdownNow();
        }
    }

    @Override
    public void exportChanged() {
        trigger();
    }

    @Override
    public void exportChanged(String claimUid) {
        claim(claimUid);
    }

    @Override
    public void claim(String uid) {
        claimsChanged.add(uid);
        schedule();
    }

    @Override
    public void volume(String name) {
        volumesChanged.add(name);
        schedule();
    }

    @Override
    public void everything() {
        trigger();
    }

    @Scheduled(every = "${nfs-lifecycle.resync-interval}", delayed = "1s")
    void resync() {
        trigger();
    }

    /** Asks for a reconcile of everything soon; many asks before it runs make one reconcile. */
    public void trigger() {
        everything.set(true);
        schedule();
    }

    private void schedule() {
        if (executor != null && !executor.isShutdown() && queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                // shutting down: nothing left to reconcile
            }
        }
    }

    private void run() {
        queued.set(false);
        Instant now = Instant.now();
        wakeUps.take(now, uid -> {
            if (uid.isEmpty()) {
                everything.set(true);
            } else {
                claimsChanged.add(uid);
            }
        });
        if (!cluster.synced()) {
            // nothing can be planned before the informers have listed everything: then everything is, once
            everything.set(true);
            wakeUps.at("", now.plusMillis(100));
            return;
        }
        // what changed until now; whatever changes from here on is read by this plan or asks for the next one
        boolean all = everything.getAndSet(false);
        Scope scope = all ? Scope.all() : Scope.of(take(claimsChanged), take(volumesChanged));
        if (all) {
            claimsChanged.clear();
            volumesChanged.clear();
        }
        if (scope.isEmpty()) {
            return;
        }
        try {
            Plan plan = reconciler.reconcile(scope);
            plan.wakeUps().forEach(wakeUps::at);
        } catch (RuntimeException e) {
            everything.set(true);
            wakeUps.failed("", now); // planned again after a backoff, not in a loop
            LOG.errorf(e, "reconcile failed; everything is planned again after a backoff");
        }
    }

    private static List<String> take(Set<String> changed) {
        List<String> taken = new ArrayList<>(changed);
        taken.forEach(changed::remove);
        return taken;
    }

    /** The latest plan: every claim of our classes with its phase. */
    public Plan plan() {
        return reconciler == null ? Plan.empty() : reconciler.last();
    }

    private double count(ClaimPhase phase) {
        return plan().claims().stream().filter(c -> c.phase() == phase).count();
    }
}
