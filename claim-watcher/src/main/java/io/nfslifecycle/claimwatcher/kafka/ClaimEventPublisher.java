package io.nfslifecycle.claimwatcher.kafka;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.nfslifecycle.claimwatcher.reconcile.ClaimPublisher;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.quarkus.runtime.Startup;

/**
 * Publishes claim events on {@code nfs-lifecycle.claims} through the shared contract publisher: key = claim uid,
 * CloudEvents headers, JSON value; the stage completes when the broker has it, however long it is away.
 */
@Startup // made at start, so the producer is connected and ready before the first claim
@ApplicationScoped
public class ClaimEventPublisher implements ClaimPublisher {
    public static final String SOURCE = "/nfs-lifecycle/claim-watcher";

    private final ContractPublisher publisher;

    @Inject
    public ClaimEventPublisher(ContractPublisher publisher) {
        this.publisher = publisher;
        publisher.prepare(Topics.CLAIMS);
    }

    /** The codec of what this service publishes. */
    @Produces
    @Singleton
    static EventCodec codec() {
        return new EventCodec(SOURCE);
    }

    @Override
    public CompletionStage<Void> publish(ClaimEvent event) {
        return publisher.publish(event);
    }
}
