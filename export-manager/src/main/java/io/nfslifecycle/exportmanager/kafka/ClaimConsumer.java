package io.nfslifecycle.exportmanager.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.capacity.CapacityReporter;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.lifecycle.Handled;
import io.nfslifecycle.exportmanager.metrics.ExportMetrics;
import io.nfslifecycle.exportmanager.naming.KubernetesNames;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads {@code nfs-lifecycle.claims}. A record that breaks the contract, or names what Kubernetes cannot (a bad
 * name, an unknown server, a release of a claim we hold nothing of) is refused: the exception nacks it, and
 * SmallRye's dead-letter strategy moves it to {@code nfs-lifecycle.export-manager.dlq} with the reason in the
 * {@code dead-letter-reason} header, so the partition goes on. Events for other servers are skipped and counted.
 *
 * <p>Claims are handled by {@value #WORKERS} workers: the events of one claim (one key, so one partition) one after
 * the other in the order of the topic, those of different claims at the same time, so their fsyncs share journal
 * commits. A message is acked once its results are acknowledged by the broker; the commit strategy commits an
 * offset only when every message before it is acked, so after a crash nothing unanswered is skipped.
 */
@ApplicationScoped
public class ClaimConsumer {
    private static final Logger LOG = Logger.getLogger(ClaimConsumer.class);
    private static final int IN_FLIGHT = 1000;
    private static final int WORKERS = 8;

    private final ExportManagerConfig config;
    private final ExportLifecycle lifecycle;
    private final EventPublisher publisher;
    private final CapacityReporter capacity;
    private final ExportMetrics metrics;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "claim-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    private final KeyedExecutor perClaim = new KeyedExecutor(workers);

    @Inject
    public ClaimConsumer(ExportManagerConfig config, ExportLifecycle lifecycle, EventPublisher publisher,
            CapacityReporter capacity, ExportMetrics metrics) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.publisher = publisher;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    /**
     * Lets the workers finish what they were handed (a claim cut short by an interrupt would be answered with an
     * I/O error and acked); after 30 s they are interrupted, and what is not acked is read again after the restart.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("claim workers still busy after 30 s; interrupting them, their claims are read again at start");
            workers.shutdownNow();
        }
    }

    @Incoming("claims")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        long received = System.nanoTime();
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a claims message without Kafka metadata"));
        Map<String, String> headers = EventCodec.headers(kafka.getHeaders());
        String type = Optional.ofNullable(headers.get(EventCodec.CE_TYPE)).orElse("none");
        ClaimEvent claim;
        try {
            claim = accept(kafka.getKey(), headers, message.getPayload());
        } catch (InvalidEventException e) {
            return refuse(message, kafka, type, e);
        }
        if (!config.serverId().equals(claim.serverId())) {
            metrics.claimEvent(claim.type(), "other-server");
            return message.ack();
        }
        // released once the message is acked or nacked: bounds what waits for a worker or for the broker
        inFlight.acquireUninterruptibly();
        perClaim.submit(claim.claimUid(), () -> handle(claim, received, message, kafka)).exceptionally(failure -> {
            // not run (the workers are stopping) or an Error: the message stays unacked, read again after a restart
            LOG.errorf(failure, "claim %s (uid %s) was not handled; it is read again after a restart",
                    claim.subject(), claim.claimUid());
            inFlight.release();
            return null;
        });
        return CompletableFuture.completedFuture(null);
    }

    /** On a worker: carries the event out, publishes the results, then acks (or nacks to the dead-letter topic). */
    private void handle(ClaimEvent claim, long received, Message<byte[]> message,
            IncomingKafkaRecordMetadata<String, byte[]> kafka) {
        Handled handled;
        try {
            handled = lifecycle.handle(claim);
        } catch (InvalidEventException e) {
            refuse(message, kafka, claim.type(), e).whenComplete((ok, failure) -> inFlight.release());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "claim record %s-%d@%d (key %s) could not be handled; it goes to the dead-letter topic",
                    kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), kafka.getKey());
            message.nack(e).whenComplete((ok, failure) -> inFlight.release());
            return;
        }
        metrics.claimEvent(claim.type(), handled.outcome());
        publish(claim, handled.results(), received, message);
        if (handled.changed()) {
            capacity.report();
        }
    }

    private CompletionStage<Void> refuse(Message<byte[]> message, IncomingKafkaRecordMetadata<String, byte[]> kafka,
            String type, InvalidEventException e) {
        metrics.refused(e.field());
        metrics.claimEvent(type.length() > 64 ? "unknown" : type, "invalid");
        LOG.warnf("refused record %s-%d@%d (key %s): %s; it goes to the dead-letter topic",
                kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), kafka.getKey(), e.getMessage());
        // the dead-letter strategy puts the exception's message in the dead-letter-reason header
        return message.nack(e);
    }

    /** Decodes and checks a record; throws naming the offending field. */
    ClaimEvent accept(String key, Map<String, String> headers, byte[] value) {
        Event event = EventCodec.decode(key, headers, value);
        if (!(event instanceof ClaimEvent)) {
            throw new InvalidEventException("ce_type", "is not a claim event: " + event.type());
        }
        ClaimEvent claim = (ClaimEvent) event;
        check("claimUid", KubernetesNames.uid(claim.claimUid()));
        check("namespace", KubernetesNames.namespace(claim.namespace()));
        check("claimName", KubernetesNames.objectName(claim.claimName()));
        if (claim instanceof ClaimRequested requested) {
            check("volumeName", KubernetesNames.objectName(requested.volumeName()));
        }
        if (claim instanceof ClaimReleased released) {
            check("volumeName", KubernetesNames.objectName(released.volumeName()));
        }
        List<String> peers = config.peerServers().orElse(List.of());
        if (config.peerServers().isPresent() && !config.serverId().equals(claim.serverId())
                && !peers.contains(claim.serverId())) {
            throw new InvalidEventException("serverId", "names no known NFS server: " + claim.serverId()
                    + " (this is " + config.serverId() + ", peers " + peers + "); check the StorageClass's server "
                    + "parameter");
        }
        return claim;
    }

    private static void check(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new InvalidEventException(field, problem.get());
        }
    }

    /**
     * Publishes the results; the claim's message is acked (and its offset becomes committable) only once the broker
     * acknowledged every result. A publish that fails is logged and the message acked anyway: the record is
     * durable, and the watcher's next (level-triggered) request gets the result again.
     */
    private void publish(ClaimEvent claim, List<ExportEvent> results, long received, Message<byte[]> message) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (ExportEvent result : results) {
            try {
                acks.add(publisher.publish(result).toCompletableFuture());
            } catch (RuntimeException e) {
                // e.g. the emitter's buffer is full or the channel closed: handled as a failed send, below
                acks.add(CompletableFuture.failedFuture(e));
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            if (failure == null) {
                metrics.provisioningDuration(claim.type()).record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
            } else {
                LOG.errorf("the result for claim %s (uid %s) was not acknowledged by Kafka: %s; it is published "
                        + "again when the claim watcher asks again", claim.subject(), claim.claimUid(),
                        failure.getMessage());
            }
            message.ack().whenComplete((done, ackFailure) -> inFlight.release());
        });
    }
}
