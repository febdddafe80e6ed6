package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;

/**
 * The watcher's decisions, level-triggered: from what was observed to the actions that close the gap. A pure
 * function: no clock, no API, no Kafka; calling it twice on the same observation gives the same plan. One decision
 * per family: {@link ProvisionDecision} and {@link ResizeDecision} for each claim of our classes,
 * {@link ReleaseDecision} for each of our PVs, {@link OrphanDecision} for each export without claim or PV,
 * {@link MigrationDecision} for each PV another provisioner made.
 *
 * <p>A plan looks at everything, or at a {@link Scope}: the claims and volumes that changed, with what they reach.
 * Each decision is about one claim and what belongs to it, so a scoped plan decides for those claims exactly as a
 * plan of everything would, at the cost of those claims alone.
 */
public final class ClaimDecisions {
    private static final Comparator<PersistentVolumeClaim> BY_NAME = Comparator
            .comparing((PersistentVolumeClaim c) -> c.getMetadata().getNamespace())
            .thenComparing(c -> c.getMetadata().getName());
    private static final Comparator<PersistentVolume> VOLUMES_BY_NAME = Comparator
            .comparing((PersistentVolume pv) -> pv.getMetadata().getName());

    private ClaimDecisions() {
    }

    /** Whether a reconcile treats this PV as one of ours: made by us, or adopted from another provisioner. */
    public static boolean ours(PersistentVolume volume, Settings settings, Map<String, ExportState> exports) {
        return DesiredVolume.ours(volume, settings.provisioner())
                || MigrationDecision.adopted(volume, settings.migration(), exports);
    }

    public static Plan plan(Observed observed, Instant now, Settings settings) {
        return plan(observed, now, settings, Scope.all());
    }

    /** @param reach what to look at: everything, or a scope as {@link Scope#reach} extends it */
    public static Plan plan(Observed observed, Instant now, Settings settings, Scope reach) {
        Index index = new Index(observed, settings.provisioner(), settings.migration());
        PlanBuilder plan = new PlanBuilder(observed, reach);
        Context ctx = new Context(observed, now, settings, index, plan, new Retries(now, settings, plan));
        Cluster cluster = observed.cluster();
        (reach.everything() ? observed.claims().stream()
                : reach.claims().stream().map(cluster::claimWithUid).flatMap(Optional::stream))
                .sorted(BY_NAME)
                .forEach(pvc -> index.classOf(pvc).ifPresent(storageClass -> {
                    plan.about(pvc.getMetadata().getUid());
                    ProvisionDecision.claim(ctx, pvc, storageClass);
                }));
        var volumes = reach.everything() ? observed.volumes().stream().sorted(VOLUMES_BY_NAME).toList()
                : reach.volumes().stream().map(cluster::volume).flatMap(Optional::stream).toList();
        volumes.stream().filter(index::ours).forEach(pv -> {
            plan.about(Cluster.claimUidOf(pv).orElse(""));
            ReleaseDecision.volume(ctx, pv);
        });
        volumes.forEach(pv -> {
            plan.about(Cluster.claimUidOf(pv).orElse(""));
            MigrationDecision.volume(ctx, pv);
        });
        (reach.everything() ? observed.exports().entrySet().stream().sorted(Map.Entry.comparingByKey())
                : reach.claims().stream().flatMap(uid -> Optional.ofNullable(observed.exports().get(uid))
                        .map(export -> Map.entry(uid, export)).stream()))
                .filter(e -> !index.hasClaim(e.getKey()) && !index.hasVolume(e.getValue().record().volumeName()))
                .forEach(e -> {
                    plan.about(e.getKey());
                    OrphanDecision.export(ctx, e.getValue());
                });
        return plan.build();
    }
}
