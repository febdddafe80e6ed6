package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.nfslifecycle.events.ClaimEvent;

/** One side effect a reconcile wants; only the leader carries them out. */
public sealed interface Action {

    /** Publish a claim event, then tell the user. */
    record Publish(ClaimEvent event, long bytes, Notice notice) implements Action {
    }

    /** Create a PV for a ready export, then tell the user; {@code claimCreated} measures provisioning latency. */
    record CreateVolume(PersistentVolume volume, Notice notice, Instant claimCreated) implements Action {
    }

    /** Set a PV's capacity to what the export manager admitted. */
    record ResizeVolume(String volumeName, long bytes) implements Action {
    }

    /** Set the claim's {@code status.capacity} to what its PV now offers (after a resize). */
    record ClaimCapacity(io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim, long bytes) implements Action {
    }

    /** Set (or with an empty value remove) an annotation of one of our PVs. */
    record AnnotateVolume(String volumeName, String key, String value) implements Action {
    }

    /** Delete a PV whose export was reclaimed. */
    record DeleteVolume(String volumeName, Notice notice) implements Action {
    }

    /**
     * Tell the user something once; {@code onceKey} remembers it was told. {@code answers}: it tells what an export
     * record said (so Kafka had the request it answers), and comes after the request's own notice.
     */
    record Notify(Notice notice, String onceKey, boolean answers) implements Action {
    }
}
