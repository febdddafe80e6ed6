package io.nfslifecycle.quotaauditor.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.Event;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;

/** Publishes audit events on {@code nfs-lifecycle.audit} through the shared contract publisher, and waits for the ack. */
@ApplicationScoped
public class AuditPublisher {
    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);

    private final ContractPublisher publisher;

    @Inject
    public AuditPublisher(ContractPublisher publisher) {
        this.publisher = publisher;
        publisher.prepare(Topics.AUDIT);
    }

    /** The codec of what this service publishes: CloudEvents source {@code /nfs-lifecycle/quota-auditor/<server>}. */
    @Produces
    @Singleton
    static EventCodec codec(QuotaAuditorConfig config) {
        return new EventCodec("/nfs-lifecycle/quota-auditor/" + config.serverId());
    }

    /**
     * Sends one event and waits for the broker's acknowledgement.
     *
     * @return false when the broker did not take it in time; the caller tries again on its next run
     */
    public boolean publish(Event event, Duration wait) {
        try {
            publisher.publish(event).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("could not publish %s for %s: %s; the next audit run tries again", event.type(), event.subject(),
                    e instanceof ExecutionException ? e.getCause() : e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
