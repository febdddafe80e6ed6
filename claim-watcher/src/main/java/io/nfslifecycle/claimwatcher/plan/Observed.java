package io.nfslifecycle.claimwatcher.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/**
 * Everything a reconcile looks at: what the cluster holds (the informers' caches) and what the watcher has seen on
 * Kafka and asked for.
 *
 * @param exports     by claim uid
 * @param requests    by claim uid
 * @param told        the once-keys of notices already recorded
 * @param seen        uids of claims this process has seen in the cluster (an export of a claim never seen may belong
 *                    to a claim this watcher cannot judge, so it is never released as an orphan by guesswork)
 * @param volumesSeen uids of claims whose PV this process has seen: a claim deleted before its PV was made is
 *                    released, one whose retained PV was deleted is retained
 * @param servers     which servers' export managers report
 */
public record Observed(
        Collection<StorageClass> storageClasses,
        Collection<PersistentVolumeClaim> claims,
        Collection<PersistentVolume> volumes,
        Map<String, ExportState> exports,
        Map<String, Request> requests,
        Set<String> told,
        Set<String> seen,
        Set<String> volumesSeen,
        Servers servers) {

    /** Without the PVs seen before and before the capacity topic was read. */
    public Observed(Collection<StorageClass> storageClasses, Collection<PersistentVolumeClaim> claims,
            Collection<PersistentVolume> volumes, Map<String, ExportState> exports, Map<String, Request> requests,
            Set<String> told, Set<String> seen) {
        this(storageClasses, claims, volumes, exports, requests, told, seen, Set.of(), Servers.unknown());
    }
}
