package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;

/**
 * The watcher's decisions, level-triggered: from everything observed to the actions that close the gap. A pure
 * function: no clock, no API, no Kafka; calling it twice on the same observation gives the same plan. One decision
 * per family: {@link ProvisionDecision} and {@link ResizeDecision} for each claim of our classes,
 * {@link ReleaseDecision} for each of our PVs, {@link OrphanDecision} for each export without claim or PV,
 * {@link MigrationDecision} for each PV another provisioner made.
 */
public final class ClaimDecisions {
    private ClaimDecisions() {
    }

    /** Whether a reconcile treats this PV as one of ours: made by us, or adopted from another provisioner. */
    public static boolean ours(PersistentVolume volume, Settings settings, Map<String, ExportState> exports) {
        return DesiredVolume.ours(volume, settings.provisioner())
                || MigrationDecision.adopted(volume, settings.migration(), exports);
    }

    public static Plan plan(Observed observed, Instant now, Settings settings) {
        Index index = new Index(observed, settings.provisioner(), settings.migration());
        PlanBuilder plan = new PlanBuilder(observed);
        Context ctx = new Context(observed, now, settings, index, plan, new Retries(now, settings));
        observed.claims().stream()
                .sorted(Comparator.comparing((PersistentVolumeClaim c) -> c.getMetadata().getNamespace())
                        .thenComparing(c -> c.getMetadata().getName()))
                .forEach(pvc -> index.classOf(pvc).ifPresent(storageClass ->
                        ProvisionDecision.claim(ctx, pvc, storageClass)));
        index.sortedVolumes().forEach(pv -> ReleaseDecision.volume(ctx, pv));
        observed.volumes().stream().sorted(Comparator.comparing((PersistentVolume pv) -> pv.getMetadata().getName()))
                .forEach(pv -> MigrationDecision.volume(ctx, pv));
        observed.exports().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> !index.claimUids.contains(e.getKey())
                        && !index.volumes.containsKey(e.getValue().record().volumeName()))
                .forEach(e -> OrphanDecision.export(ctx, e.getValue()));
        return plan.build();
    }
}
