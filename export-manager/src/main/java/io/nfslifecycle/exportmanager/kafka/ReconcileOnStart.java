package io.nfslifecycle.exportmanager.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * At start: finish or undo, claim by claim, what a crash left half done and publish the outcomes; then make the
 * exports topic hold every claim's state.
 */
@ApplicationScoped
public class ReconcileOnStart {

    void onStart(@Observes StartupEvent start, ClaimWork work, StateRepublisher republisher) {
        work.recoverAll();
        republisher.start();
    }
}
