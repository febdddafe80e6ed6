package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.book.ExportBook;
import io.nfslifecycle.claimwatcher.plan.Action;
import io.nfslifecycle.claimwatcher.plan.ClaimDecisions;
import io.nfslifecycle.claimwatcher.plan.ExportState;
import io.nfslifecycle.claimwatcher.plan.Observed;
import io.nfslifecycle.claimwatcher.plan.Plan;
import io.nfslifecycle.claimwatcher.plan.Request;
import io.nfslifecycle.claimwatcher.plan.Servers;
import io.nfslifecycle.claimwatcher.plan.Settings;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * One reconcile: observe, decide ({@link ClaimDecisions}, pure), then, on the leader only, carry out the actions.
 * Every action is safe to repeat; whatever fails is simply decided again by the next reconcile.
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

    private final Settings settings;
    private final ExportBook book;
    private final Ports ports;
    private final Clock clock;
    private final Executor followUps;
    private final Consumer<Duration> provisioningLatency;
    private volatile Plan last = Plan.empty();

    /**
     * @param followUps           where the steps after a Kafka acknowledgement run (they call the API, so never on a
     *                            Kafka thread)
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
    }

    /** Reconciles everything; returns the plan, whose actions were carried out only if this replica leads. */
    public synchronized Plan reconcile() {
        if (!ports.cluster().synced()) {
            return last;
        }
        Instant now = clock.instant();
        Collection<PersistentVolumeClaim> claims = ports.cluster().claims();
        Collection<PersistentVolume> volumes = ports.cluster().volumes();
        Set<String> claimUids = claims.stream().map(c -> c.getMetadata().getUid()).collect(Collectors.toSet());
        book.sawClaims(claimUids, now);
        Map<String, ExportState> exports = book.exports();
        book.volumesSeen(volumes.stream().filter(v -> ClaimDecisions.ours(v, settings, exports))
                .filter(v -> v.getSpec() != null && v.getSpec().getClaimRef() != null
                        && v.getSpec().getClaimRef().getUid() != null)
                .collect(Collectors.toMap(v -> v.getSpec().getClaimRef().getUid(), Reconciler::policyOf,
                        (a, b) -> a == ReclaimPolicy.RETAIN ? a : b)));
        Observed observed = new Observed(ports.cluster().storageClasses(), claims, volumes, exports,
                book.requests(), book.toldKeys(), book.seenClaims(), book.volumesSeen(), ports.servers().get());
        Plan plan = ClaimDecisions.plan(observed, now, settings);
        book.seen(claimUids);
        last = plan;
        if (ports.leading().getAsBoolean() && ports.exportsCaughtUp().getAsBoolean()) {
            for (Action action : plan.actions()) {
                apply(action, now);
            }
        }
        return plan;
    }

    /** Retain when the PV says so (as made, or as an admin patched it); Delete (or the deprecated Recycle) else. */
    private static ReclaimPolicy policyOf(PersistentVolume volume) {
        return "Retain".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())
                ? ReclaimPolicy.RETAIN : ReclaimPolicy.DELETE;
    }

    /** The plan of the latest reconcile, for the REST API and the gauges. */
    public Plan last() {
        return last;
    }

    private void apply(Action action, Instant now) {
        if (action instanceof Action.Publish publish) {
            publish(publish, now);
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
                ports.writes().record(create.notice());
            }
        } else if (action instanceof Action.ResizeVolume resize) {
            ports.writes().resizeVolume(resize.volumeName(), resize.bytes());
        } else if (action instanceof Action.ClaimCapacity capacity) {
            ports.writes().claimCapacity(capacity.claim(), capacity.bytes());
        } else if (action instanceof Action.AnnotateVolume annotate) {
            ports.writes().annotateVolume(annotate.volumeName(), annotate.key(), annotate.value());
        } else if (action instanceof Action.DeleteVolume delete) {
            if (ports.writes().deleteVolume(delete.volumeName())) {
                ports.writes().record(delete.notice());
            }
        } else if (action instanceof Action.Notify notify) {
            if (ports.writes().record(notify.notice())) {
                book.told(notify.onceKey());
            }
        }
    }

    private void publish(Action.Publish publish, Instant now) {
        ClaimEvent event = publish.event();
        Request request = new Request(event.type(), publish.bytes(), now, event);
        book.requested(event.claimUid(), request);
        CompletionStage<Void> acked;
        try {
            acked = ports.publisher().publish(event);
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        acked.whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                book.unrequested(event.claimUid(), request);
                LOG.warnf("could not publish %s for claim %s (uid %s): %s; the next reconcile publishes it again once"
                        + " Kafka is back", event.type(), event.subject(), event.claimUid(), failure.getMessage());
            } else {
                LOG.infof("published %s for claim %s (uid %s)", event.type(), event.subject(), event.claimUid());
                ports.writes().record(publish.notice());
            }
        }, followUps);
    }
}
