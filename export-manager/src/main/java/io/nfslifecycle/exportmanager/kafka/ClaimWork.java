package io.nfslifecycle.exportmanager.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.lifecycle.Handled;
import io.nfslifecycle.exportmanager.metrics.ExportMetrics;
import io.nfslifecycle.exportmanager.reporting.CapacityReporter;
import io.nfslifecycle.kit.kafka.BrokerHealth;
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.nfslifecycle.kit.threads.Daemons;

/**
 * Where claims are worked on: {@value #WORKERS} workers, the events of one claim (one key, so one partition) one
 * after the other in topic order, those of different claims side by side so their fsyncs share journal commits.
 * Slow work a handler leaves for later (a tree delete, a clone's copy) runs on a pool of its own that grows with it,
 * outside every lock, and publishes its answer when done: a long copy never holds up another claim's delete.
 *
 * <p>Results are handed to the contract publisher, which delivers them however long the broker is away; the claim's
 * event is done once they are handed over, so the consumer's offsets move on during an outage. A result the
 * publisher could not even queue is published again, as the claim's current state, when Kafka is back; what a crash
 * kept from the topic is published again at the next start ({@link StateRepublisher}).
 */
@ApplicationScoped
public class ClaimWork {
    private static final Logger LOG = Logger.getLogger(ClaimWork.class);
    private static final int WORKERS = 8;
    private static final int IN_FLIGHT = 1000;

    private final ExportLifecycle lifecycle;
    private final ContractPublisher publisher;
    private final CapacityReporter capacity;
    private final ExportMetrics metrics;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Daemons.numbered("claim-worker"));
    private final ExecutorService later = Executors.newCachedThreadPool(Daemons.numbered("claim-slow-work"));
    private final KeyedExecutor perClaim = new KeyedExecutor(workers);
    private final java.util.concurrent.ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Daemons.named("claim-republish"));
    /** Claims whose latest state could not be queued for Kafka: published again when it is back. */
    private final Set<String> unpublished = ConcurrentHashMap.newKeySet();

    @Inject
    public ClaimWork(ExportLifecycle lifecycle, ContractPublisher publisher, CapacityReporter capacity,
            ExportMetrics metrics, BrokerHealth broker, ExportManagerConfig config) {
        this.lifecycle = lifecycle;
        this.publisher = publisher;
        this.capacity = capacity;
        this.metrics = metrics;
        publisher.prepare(Topics.EXPORTS, Topics.CAPACITY);
        broker.whenBack(this::publishHeldBack);
        // a republish right after the broker came back may still find the producer without metadata: try again
        retries.scheduleWithFixedDelay(() -> {
            if (!unpublished.isEmpty() && broker.reachable()) {
                publishHeldBack();
            }
        }, 10, 10, TimeUnit.SECONDS);
        long sweep = config.sweepInterval().toMillis();
        retries.scheduleWithFixedDelay(this::sweepAll, sweep, sweep, TimeUnit.MILLISECONDS);
        long bin = config.archive().sweepInterval().toMillis();
        retries.scheduleWithFixedDelay(this::sweepArchives, 0, bin, TimeUnit.MILLISECONDS);
    }

    /**
     * The recycle bin's sweep: archives made before it picked up, purges a crash cut short finished, expired
     * archives purged (each in its claim's order, its tree removed on the slow-work pool), restores a crash cut short
     * settled or given back, new archives measured and old purge records forgotten.
     */
    void sweepArchives() {
        // each part on its own: one that fails (an unreadable directory, a record that cannot be written) never
        // keeps the others from running, and the next sweep tries it again
        sweepStep("purging the expired archives", () -> lifecycle.archives().sweep()
                .forEach(id -> purge(id, ExportPurged.EXPIRED)));
        sweepStep("settling restores", () -> lifecycle.settleRestores()
                .forEach(said -> publish(said.key(), List.of(said), "restore", System.nanoTime())));
        sweepStep("measuring archives", () -> lifecycle.archives().measure(20));
        sweepStep("forgetting old purge records", () -> lifecycle.archives().forgetOld());
    }

    private static void sweepStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the archive sweep failed %s; the next one tries again", what);
        }
    }

    /** Purges one archive in its claim's order; what it answers is published once the tree is gone. */
    public CompletableFuture<Void> purge(String id, String reason) {
        return perClaim.submit(id, () -> {
            Handled handled = lifecycle.archives().purge(id, reason);
            publish(id, handled.results(), "purge", System.nanoTime());
            handled.later().ifPresent(work -> runLater(id, id, "purge", work));
        }).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "the purge of archive %s failed; the next sweep of the bin tries again", id);
            }
        });
    }

    /** Every claim's directory looked at again, in each claim's order: a READY one gone or back, a retained one freed. */
    void sweepAll() {
        for (var stored : lifecycle.store().all()) {
            String uid = stored.claimUid();
            perClaim.submit(uid, () -> {
                Handled handled = lifecycle.sweep(uid);
                publish(uid, handled.results(), "sweep", System.nanoTime());
                if (handled.changed()) {
                    capacity.report();
                }
            });
        }
    }


    /**
     * Works on one claim event after the claim's earlier ones.
     *
     * @param done    runs once the results are handed to the publisher (the event may be acked)
     * @param refused runs instead when the handler refused the event or failed; the event is not done
     */
    void submit(ClaimEvent claim, long receivedNanos, Runnable done, Consumer<Throwable> refused) {
        // released once the event is done or refused: bounds what waits for a worker
        inFlight.acquireUninterruptibly();
        perClaim.submit(claim.claimUid(), () -> {
            Handled handled;
            try {
                handled = lifecycle.begin(claim);
            } catch (OutOfMemoryError e) {
                inFlight.release();
                throw e;
            } catch (Throwable e) {
                inFlight.release();
                refused.accept(e);
                return;
            }
            metrics.claimEvent(claim.type(), handled.outcome().tag());
            publish(claim.claimUid(), handled.results(), claim.type(), receivedNanos);
            if (handled.changed()) {
                capacity.report();
            }
            handled.later().ifPresent(work -> runLater(claim.claimUid(), claim.subject(), claim.type(), work));
            inFlight.release();
            done.run();
        }).exceptionally(failure -> {
            // not run (the workers are stopping): the event stays unacked and is read again after a restart
            LOG.errorf(failure, "claim %s (uid %s) was not handled; it is read again after a restart",
                    claim.subject(), claim.claimUid());
            inFlight.release();
            return null;
        });
    }

    private void runLater(String claimUid, String subject, String type, Handled.Later work) {
        long started = System.nanoTime();
        later.execute(() -> {
            Handled handled;
            try {
                handled = work.run();
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "the slow part of claim %s (uid %s) failed: %s; it is finished at the next start",
                        subject, claimUid, e.getMessage());
                return;
            }
            metrics.claimEvent(type, handled.outcome().tag());
            publish(claimUid, handled.results(), type, started);
            if (handled.changed()) {
                capacity.report();
            }
            handled.later().ifPresent(next -> runLater(claimUid, subject, type, next));
        });
    }

    /** Finishes, claim by claim, what a crash left half done (in each claim's order, beside new events). */
    void recoverAll() {
        for (var stored : lifecycle.store().all()) {
            String uid = stored.claimUid();
            perClaim.submit(uid, () -> {
                Handled handled = lifecycle.recover(uid);
                publish(uid, handled.results(), "recovery", System.nanoTime());
                handled.later().ifPresent(work -> runLater(uid, stored.export().subject(), "recovery", work));
            });
        }
        capacity.report();
    }

    /** Publishes the claim's current state again, in its order: what the exports topic should hold for it. */
    void republish(String claimUid) {
        perClaim.submit(claimUid, () -> lifecycle.store().get(claimUid).flatMap(lifecycle::stateOf)
                .ifPresent(state -> publish(claimUid, List.of(state), "republish", System.nanoTime())));
    }

    /** An answer to a refused event, in the claim's order. */
    void answer(String claimUid, ExportFailed answer) {
        perClaim.submit(claimUid, () -> publish(claimUid, List.of(answer), "answer", System.nanoTime()));
    }

    private void publish(String claimUid, List<ExportEvent> results, String type, long receivedNanos) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (ExportEvent result : results) {
            acks.add(publisher.publish(result).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            if (failure == null) {
                metrics.claimEventDuration(type).record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
                return;
            }
            if (unpublished.isEmpty()) {
                LOG.warnf("results are waiting for Kafka (%s); they are published when it answers again",
                        failure.getMessage());
            }
            unpublished.add(claimUid);
        });
    }

    private void publishHeldBack() {
        List<String> uids = new ArrayList<>(unpublished);
        unpublished.removeAll(uids);
        if (!uids.isEmpty()) {
            LOG.infof("publishing the state of %d claim(s) whose results could not be queued while Kafka was away",
                    uids.size());
        }
        uids.forEach(this::republish);
    }

    /** Claims with results not yet queued for Kafka. */
    int heldBack() {
        return unpublished.size();
    }

    /**
     * Lets the workers finish what they were handed (a claim cut short by an interrupt would be answered with an
     * I/O error); after 30 s they are interrupted, and what is not done is finished at the next start.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        retries.shutdownNow();
        workers.shutdown();
        later.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("claim workers still busy after 30 s; interrupting them, their claims are read again at start");
            workers.shutdownNow();
        }
        if (!later.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.info("tree deletes still running; they are finished at the next start");
            later.shutdownNow();
        }
    }
}
