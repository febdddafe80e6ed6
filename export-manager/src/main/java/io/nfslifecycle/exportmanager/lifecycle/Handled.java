package io.nfslifecycle.exportmanager.lifecycle;

import java.util.List;

import io.nfslifecycle.events.ExportEvent;

/**
 * The result of one claim event.
 *
 * @param results what to publish on {@code nfs-lifecycle.exports}
 * @param outcome the metric tag: ready, resized, archived, deleted, retained, failed, duplicate, uid-mismatch
 * @param changed whether the provisioned figures may have changed (a capacity report is due)
 */
public record Handled(List<ExportEvent> results, String outcome, boolean changed) {
    public Handled {
        results = List.copyOf(results);
    }
}
