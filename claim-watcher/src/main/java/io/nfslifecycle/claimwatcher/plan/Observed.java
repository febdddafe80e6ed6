package io.nfslifecycle.claimwatcher.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * Everything a reconcile looks at: what the cluster holds (the informers' caches, with their indexes) and what the
 * watcher has seen on Kafka and asked for. The maps and sets may be the watcher's own, read as they are now: a plan
 * reads each claim's entries once.
 *
 * @param exports     by claim uid
 * @param requests    by claim uid
 * @param told        the once-keys of notices already recorded
 * @param seen        uids of claims this process has seen in the cluster (an export of a claim never seen may belong
 *                    to a claim this watcher cannot judge, so it is never released as an orphan by guesswork)
 * @param volumesSeen by claim uid, the reclaim policy its PV had when this process last saw it (or made it): a
 *                    claim deleted before its PV was made is released; one whose PV was last seen with Retain (the
 *                    class's policy, or the PV's patched by the admin) keeps its directory when the PV goes
 * @param servers     which servers' export managers report
 */
public record Observed(
        Cluster cluster,
        Map<String, ExportState> exports,
        Map<String, Request> requests,
        Set<String> told,
        Set<String> seen,
        Map<String, ReclaimPolicy> volumesSeen,
        Servers servers) {

    public Observed(Collection<StorageClass> storageClasses, Collection<PersistentVolumeClaim> claims,
            Collection<PersistentVolume> volumes, Map<String, ExportState> exports, Map<String, Request> requests,
            Set<String> told, Set<String> seen, Map<String, ReclaimPolicy> volumesSeen, Servers servers) {
        this(Cluster.of(storageClasses, claims, volumes), exports, requests, told, seen, volumesSeen, servers);
    }

    /** Without the PVs seen before and before the capacity topic was read. */
    public Observed(Collection<StorageClass> storageClasses, Collection<PersistentVolumeClaim> claims,
            Collection<PersistentVolume> volumes, Map<String, ExportState> exports, Map<String, Request> requests,
            Set<String> told, Set<String> seen) {
        this(storageClasses, claims, volumes, exports, requests, told, seen, Map.of(), Servers.unknown());
    }

    public Collection<StorageClass> storageClasses() {
        return cluster.storageClasses();
    }

    public Collection<PersistentVolumeClaim> claims() {
        return cluster.claims();
    }

    public Collection<PersistentVolume> volumes() {
        return cluster.volumes();
    }
}
