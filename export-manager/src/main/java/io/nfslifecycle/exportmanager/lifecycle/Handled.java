package io.nfslifecycle.exportmanager.lifecycle;

import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.ExportEvent;

/**
 * The result of one claim event.
 *
 * @param results what to publish on {@code nfs-lifecycle.exports}
 * @param outcome what it came to (the metric tag)
 * @param changed whether the provisioned figures may have changed (a capacity report is due)
 * @param later   slow work left to do outside every lock (the delete of a tree moved aside): run it, then publish
 *                what it returns; the claim's event is done meanwhile, its answer comes when the work ends
 */
public record Handled(List<ExportEvent> results, Outcome outcome, boolean changed, Optional<Later> later) {

    /** Work that runs outside every lock; a crash during it is finished by recovery at the next start. */
    @FunctionalInterface
    public interface Later {
        Handled run();
    }

    public Handled {
        results = List.copyOf(results);
    }

    public Handled(List<ExportEvent> results, Outcome outcome, boolean changed) {
        this(results, outcome, changed, Optional.empty());
    }

    static Handled answer(ExportEvent result, Outcome outcome, boolean changed) {
        return new Handled(List.of(result), outcome, changed);
    }

    static Handled later(Later work) {
        return new Handled(List.of(), Outcome.IN_PROGRESS, false, Optional.of(work));
    }
}
