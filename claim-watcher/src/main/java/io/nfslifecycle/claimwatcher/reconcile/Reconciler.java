package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.nfslifecycle.claimwatcher.book.ExportBook;
import io.nfslifecycle.claimwatcher.plan.Action;
import io.nfslifecycle.claimwatcher.plan.ClaimDecisions;
import io.nfslifecycle.claimwatcher.plan.ClaimStatus;
import io.nfslifecycle.claimwatcher.plan.ExportState;
import io.nfslifecycle.claimwatcher.plan.Migrated;
import io.nfslifecycle.claimwatcher.plan.Observed;
import io.nfslifecycle.claimwatcher.plan.Plan;
import io.nfslifecycle.claimwatcher.plan.Request;
import io.nfslifecycle.claimwatcher.plan.Scope;
import io.nfslifecycle.claimwatcher.plan.Servers;
import io.nfslifecycle.claimwatcher.plan.Settings;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * One reconcile: observe, decide ({@link ClaimDecisions}, pure), then, on the leader only, carry out the actions.
 * Every action is safe to repeat; whatever fails is decided again after a backoff (the watcher's wake-ups), and by
 * every plan of everything.
 */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /** The ports a reconcile reads from and acts through. */
    public record Ports(ClusterView cluster, ClusterWrites writes, ClaimPublisher publisher, BooleanSupplier leading,
            BooleanSupplier exportsCaughtUp, java.util.function.Supplier<Servers> servers) {

        public Ports(ClusterView cluster, ClusterWrites writes, ClaimPublisher publisher, BooleanSupplier leading,
                BooleanSupplier exportsCaughtUp) {
            this(cluster, writes, publisher, leading, exportsCaughtUp, Servers::unknown);
        }
    }

    private static final java.util.Comparator<ClaimStatus> BY_NAME = java.util.Comparator
            .comparing(ClaimStatus::namespace).thenComparing(ClaimStatus::name).thenComparing(ClaimStatus::uid);

    private final Settings settings;
    private final ExportBook book;
    private final Ports ports;
    private final Clock clock;
    private final Executor followUps;
    private final Consumer<Duration> provisioningLatency;
    private final UntoldNotices untold;
    /** Every claim of our classes with its phase, by uid, as the plans that last looked at each left it. */
    private volatile Map<String, ClaimStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    /** By PV name, the volumes of another provisioner a migration looks at. */
    private volatile Map<String, Migrated> migrated = new java.util.concurrent.ConcurrentHashMap<>();
    /** Told the claim uid ("" for a volume of no claim) whose action failed: it is to be decided again soon. */
    private volatile Consumer<String> failed = uid -> { };
    /** Told the claim uid whose plan was carried out whole (its publishes taken by Kafka). */
    private volatile Consumer<String> succeeded = uid -> { };

    /**
     * @param followUps           where the actions of a plan run, the batches of different claims side by side, and
     *                            the steps after a Kafka acknowledgement (they call the API, so never on a Kafka
     *                            thread)
     * @param provisioningLatency told the time from when this process first saw a claim to its PV's creation
     */
    public Reconciler(Settings settings, ExportBook book, Ports ports, Clock clock, Executor followUps,
            Consumer<Duration> provisioningLatency) {
        this.settings = settings;
        this.book = book;
        this.ports = ports;
        this.clock = clock;
        this.followUps = followUps;
        this.provisioningLatency = provisioningLatency;
        this.untold = new UntoldNotices(notice -> ports.writes().record(notice));
    }

    /**
     * Who is told, by claim uid ("" for a volume that names no claim), of an action that failed or a publish Kafka
     * did not take, so the claim is decided again after a backoff rather than at the next resync.
     */
    public void whenCarriedOut(Consumer<String> succeeded, Consumer<String> failed) {
        this.succeeded = succeeded;
        this.failed = failed;
    }

    /** Reconciles everything; returns the plan, whose actions were carried out only if this replica leads. */
    public Plan reconcile() {
        return reconcile(Scope.all());
    }

    /**
     * Reconciles what {@code scope} names and what it reaches; returns the plan, whose actions were carried out (and
     * are done) only if this replica leads. Empty, and nothing done, while the cluster was never read.
     */
    public synchronized Plan reconcile(Scope scope) {
        if (!ports.cluster().synced()) {
            return Plan.empty();
        }
        Instant now = clock.instant();
        ClusterView cluster = ports.cluster();
        Scope reach = scope.reach(cluster);
        Observed observed = book.observe(cluster, ports.servers().get());
        remember(reach, now, observed.exports());
        Plan plan = ClaimDecisions.plan(observed, now, settings, reach);
        // the REST API and the gauges read these meanwhile: a claim is replaced, never missing for a moment
        Map<String, ClaimStatus> planned = new java.util.concurrent.ConcurrentHashMap<>();
        plan.claims().forEach(status -> planned.put(status.uid(), status));
        Map<String, Migrated> volumes = new java.util.concurrent.ConcurrentHashMap<>();
        plan.migrated().forEach(volume -> volumes.put(volume.volumeName(), volume));
        if (reach.everything()) {
            book.seen(cluster.claims().stream().map(c -> c.getMetadata().getUid()).collect(Collectors.toSet()));
            statuses = planned;
            migrated = volumes;
        } else {
            reach.claims().forEach(uid -> book.seen(uid, cluster.claimWithUid(uid).isPresent()));
            statuses.putAll(planned);
            reach.claims().stream().filter(uid -> !planned.containsKey(uid)).forEach(statuses::remove);
            migrated.putAll(volumes);
            reach.volumes().stream().filter(name -> !volumes.containsKey(name)).forEach(migrated::remove);
        }
        if (ports.leading().getAsBoolean() && ports.exportsCaughtUp().getAsBoolean()) {
            carryOut(plan, now);
        }
        return plan;
    }

    /** What the book keeps of the claims and PVs in the scope: when each claim was first seen, its PV's policy. */
    private void remember(Scope reach, Instant now, Map<String, ExportState> exports) {
        ClusterView cluster = ports.cluster();
        java.util.function.Predicate<PersistentVolume> ours = v -> ClaimDecisions.ours(v, settings, exports);
        if (reach.everything()) {
            book.sawClaims(cluster.claims().stream().map(c -> c.getMetadata().getUid()).collect(Collectors.toSet()),
                    now);
            book.volumesSeen(cluster.volumes().stream().filter(ours)
                    .filter(v -> v.getSpec() != null && v.getSpec().getClaimRef() != null
                            && v.getSpec().getClaimRef().getUid() != null)
                    .collect(Collectors.toMap(v -> v.getSpec().getClaimRef().getUid(), Reconciler::policyOf,
                            Reconciler::retainWins)));
            return;
        }
        for (String uid : reach.claims()) {
            book.sawClaim(uid, cluster.claimWithUid(uid).isPresent(), now);
            book.volumeSeen(uid, cluster.volumesOf(uid).stream().filter(ours).map(Reconciler::policyOf)
                    .reduce(Reconciler::retainWins));
        }
    }

    private static ReclaimPolicy retainWins(ReclaimPolicy a, ReclaimPolicy b) {
        return a == ReclaimPolicy.RETAIN ? a : b;
    }

    /** The plan's batches side by side (one claim's actions in order), back once every one is done. */
    private void carryOut(Plan plan, Instant now) {
        List<CompletableFuture<Void>> running = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Action>> batch : plan.batches().entrySet()) {
            running.add(CompletableFuture.runAsync(() -> {
                boolean done = true;
                boolean published = false;
                for (Action action : batch.getValue()) {
                    try {
                        done &= apply(action, now);
                    } catch (RuntimeException e) {
                        done = false;
                        LOG.errorf(e, "could not carry out %s; it is decided again after a backoff",
                                action.getClass().getSimpleName());
                    }
                    published |= action instanceof Action.Publish;
                }
                if (!done) {
                    failed.accept(batch.getKey());
                } else if (!published) {
                    succeeded.accept(batch.getKey()); // a publish says so once Kafka has taken it
                }
            }, followUps));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    }

    /** Retain when the PV says so (as made, or as an admin patched it); Delete (or the deprecated Recycle) else. */
    private static ReclaimPolicy policyOf(PersistentVolume volume) {
        return "Retain".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())
                ? ReclaimPolicy.RETAIN : ReclaimPolicy.DELETE;
    }

    /** Every claim of our classes with its phase, and the migration's volumes: for the REST API and the gauges. */
    public Plan last() {
        return new Plan(List.of(), statuses.values().stream().sorted(BY_NAME).toList(), java.util.Optional.empty(),
                migrated.values().stream().sorted(java.util.Comparator.comparing(Migrated::volumeName)).toList());
    }

    /** Carries out one action; false when it failed (its failure is logged where it happened). */
    private boolean apply(Action action, Instant now) {
        if (action instanceof Action.Publish publish) {
            publish(publish, now);
            return true; // whether Kafka takes it is told later
        } else if (action instanceof Action.CreateVolume create) {
            ClusterWrites.Created outcome = ports.writes().createVolume(create.volume());
            if (outcome != ClusterWrites.Created.FAILED) {
                book.volumeMade(create.volume().getSpec().getClaimRef().getUid(), policyOf(create.volume()));
            }
            if (outcome == ClusterWrites.Created.CREATED) {
                LOG.infof("created volume %s for claim %s/%s", create.volume().getMetadata().getName(),
                        create.notice().namespace(), create.notice().name());
                Instant from = book.firstSeen(create.volume().getSpec().getClaimRef().getUid())
                        .orElse(create.claimCreated());
                if (!Instant.EPOCH.equals(from)) {
                    provisioningLatency.accept(Duration.between(from, clock.instant()));
                }
                untold.before(create.notice());
                ports.writes().record(create.notice());
            }
            return outcome != ClusterWrites.Created.FAILED;
        } else if (action instanceof Action.ResizeVolume resize) {
            return ports.writes().resizeVolume(resize.volumeName(), resize.bytes());
        } else if (action instanceof Action.ClaimCapacity capacity) {
            return ports.writes().claimCapacity(capacity.claim(), capacity.bytes());
        } else if (action instanceof Action.AnnotateVolume annotate) {
            return ports.writes().annotateVolume(annotate.volumeName(), annotate.key(), annotate.value());
        } else if (action instanceof Action.DeleteVolume delete) {
            if (ports.writes().deleteVolume(delete.volumeName())) {
                untold.before(delete.notice());
                ports.writes().record(delete.notice());
                return true;
            }
            return false;
        } else if (action instanceof Action.Notify notify) {
            if (notify.answers()) {
                untold.before(notify.notice());
            }
            if (ports.writes().record(notify.notice())) {
                book.told(notify.onceKey());
                return true;
            }
            return false;
        }
        return true;
    }

    private void publish(Action.Publish publish, Instant now) {
        ClaimEvent event = publish.event();
        Request request = new Request(event.type(), publish.bytes(), now, event);
        book.requested(event.claimUid(), request);
        UntoldNotices.Pending notice = untold.keep(publish.notice());
        CompletionStage<Void> acked;
        try {
            acked = ports.publisher().publish(event);
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        acked.whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                untold.failed(notice);
                book.unrequested(event.claimUid(), request);
                failed.accept(event.claimUid());
                LOG.warnf("could not publish %s for claim %s (uid %s): %s; the next reconcile publishes it again once"
                        + " Kafka is back", event.type(), event.subject(), event.claimUid(), failure.getMessage());
            } else {
                succeeded.accept(event.claimUid());
                LOG.infof("published %s for claim %s (uid %s)", event.type(), event.subject(), event.claimUid());
                untold.acknowledged(notice);
            }
        }, followUps);
    }
}
