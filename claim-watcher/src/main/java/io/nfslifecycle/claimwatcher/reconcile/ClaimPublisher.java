package io.nfslifecycle.claimwatcher.reconcile;

import java.util.concurrent.CompletionStage;

import io.nfslifecycle.events.ClaimEvent;

/** Where claim events go (Kafka); the stage completes when the broker acknowledged, or fails. */
public interface ClaimPublisher {
    CompletionStage<Void> publish(ClaimEvent event);
}
