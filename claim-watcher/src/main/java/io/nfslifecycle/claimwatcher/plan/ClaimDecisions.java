package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * The watcher's decisions, level-triggered: from everything observed to the actions that close the gap. A pure
 * function: no clock, no API, no Kafka; calling it twice on the same observation gives the same plan. One decision
 * per family: {@link ProvisionDecision} and {@link ResizeDecision} for each claim of our classes,
 * {@link ReleaseDecision} for each of our PVs, {@link OrphanDecision} for each export without claim or PV.
 */
public final class ClaimDecisions {
    private ClaimDecisions() {
    }

    public static Plan plan(Observed observed, Instant now, Settings settings) {
        Index index = new Index(observed, settings.provisioner());
        PlanBuilder plan = new PlanBuilder(observed);
        Context ctx = new Context(observed, now, settings, index, plan, new Retries(now, settings));
        observed.claims().stream()
                .sorted(Comparator.comparing((PersistentVolumeClaim c) -> c.getMetadata().getNamespace())
                        .thenComparing(c -> c.getMetadata().getName()))
                .forEach(pvc -> index.classOf(pvc).ifPresent(storageClass ->
                        ProvisionDecision.claim(ctx, pvc, storageClass)));
        index.sortedVolumes().forEach(pv -> ReleaseDecision.volume(ctx, pv));
        observed.exports().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> !index.claimUids.contains(e.getKey())
                        && !index.volumes.containsKey(e.getValue().record().volumeName()))
                .forEach(e -> OrphanDecision.export(ctx, e.getValue()));
        return plan.build();
    }
}
