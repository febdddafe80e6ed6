package io.nfslifecycle.claimwatcher.plan;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * What a plan looks at: everything (a resync, a StorageClass changed, leadership gained), or the claims and volumes
 * that changed. A claim's plan also looks at its PVs and its export; a volume's at its claim; a claim's at the clones
 * that wait for it.
 *
 * @param everything the whole cluster; the sets are then empty
 * @param claims     claim uids (a claim, its PVs, its export)
 * @param volumes    PV names
 */
public record Scope(boolean everything, Set<String> claims, Set<String> volumes) {

    public static Scope all() {
        return new Scope(true, Set.of(), Set.of());
    }

    public static Scope of(Collection<String> claimUids, Collection<String> volumeNames) {
        return new Scope(false, Set.copyOf(claimUids), Set.copyOf(volumeNames));
    }

    public boolean isEmpty() {
        return !everything && claims.isEmpty() && volumes.isEmpty();
    }

    /**
     * This scope with what its parts reach in {@code cluster}: the claim a changed volume names, the volumes of a
     * changed claim, the clones waiting for a changed claim. Sorted, so plans list their actions in a stable order.
     */
    public Scope reach(Cluster cluster) {
        if (everything) {
            return this;
        }
        Set<String> uids = new TreeSet<>(claims);
        Set<String> names = new TreeSet<>(volumes);
        for (String name : volumes) {
            cluster.volume(name).flatMap(Cluster::claimUidOf).ifPresent(uids::add);
        }
        for (String uid : Set.copyOf(uids)) {
            cluster.claimWithUid(uid).ifPresent(pvc -> cluster.clonesOf(pvc.getMetadata().getNamespace(),
                    pvc.getMetadata().getName()).stream().map(PersistentVolumeClaim::getMetadata)
                    .forEach(clone -> uids.add(clone.getUid())));
        }
        for (String uid : uids) {
            cluster.volumesOf(uid).forEach(pv -> names.add(pv.getMetadata().getName()));
        }
        return new Scope(false, uids, names);
    }
}
