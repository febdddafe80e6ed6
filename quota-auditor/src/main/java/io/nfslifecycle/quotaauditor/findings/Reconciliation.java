package io.nfslifecycle.quotaauditor.findings;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one audit's reconciliation.
 *
 * @param open      every finding open now, as measured on this run
 * @param changes   what to publish: new, changed and resolved findings
 * @param announced the open findings as last announced, the {@code previous} of the next run
 */
public record Reconciliation(List<Finding> open, List<FindingChange> changes, Map<Finding.Id, Finding> announced) {

    public Reconciliation {
        open = List.copyOf(open);
        changes = List.copyOf(changes);
        announced = Map.copyOf(announced);
    }
}
