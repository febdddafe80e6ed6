package io.nfslifecycle.claimwatcher.kubernetes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nfslifecycle.claimwatcher.plan.Cluster;
import io.nfslifecycle.claimwatcher.reconcile.ClusterView;

/**
 * fabric8 SharedInformers on StorageClasses, PVCs (all namespaces) and PVs: the watcher's view of the cluster, with
 * the indexes a plan of one claim uses (claims by uid and by data source, PVs by the claim they name). Every change
 * is told as what changed: a claim (by uid, with the clones that wait for it), a PV (by name, with the claim it
 * names), or any StorageClass (everything). The informers keep retrying while the API is away, forever.
 */
@ApplicationScoped
public class ClusterCache implements ClusterView {
    private static final Logger LOG = Logger.getLogger(ClusterCache.class);
    private static final String BY_UID = "uid";
    private static final String BY_SOURCE = "source";
    private static final String BY_CLAIM = "claim";

    /** Where changes are told. */
    public interface Changes {
        void claim(String uid);

        void volume(String name);

        void everything();
    }

    private final KubernetesClient client;
    private volatile List<SharedIndexInformer<?>> informers = List.of();
    private SharedIndexInformer<StorageClass> storageClasses;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;

    @Inject
    public ClusterCache(KubernetesClient client) {
        this.client = client;
    }

    /** Starts the informers without waiting for them: the service comes up even when the API is away. */
    public synchronized void start(Changes changes) {
        if (!informers.isEmpty()) {
            return;
        }
        storageClasses = client.storage().v1().storageClasses().runnableInformer(0);
        claims = client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
        claims.addIndexers(Map.of(
                BY_UID, pvc -> List.of(String.valueOf(pvc.getMetadata().getUid())),
                BY_SOURCE, pvc -> Cluster.dataSourceOf(pvc).stream().toList()));
        volumes = client.persistentVolumes().runnableInformer(0);
        volumes.addIndexers(Map.of(BY_CLAIM, pv -> Cluster.claimUidOf(pv).stream().toList()));
        watch(storageClasses, sc -> changes.everything());
        // the clones waiting for a claim are told too: once the claim is deleted, nothing else finds them
        watch(claims, pvc -> {
            changes.claim(pvc.getMetadata().getUid());
            clonesOf(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName())
                    .forEach(clone -> changes.claim(clone.getMetadata().getUid()));
        });
        // the claim a PV names is told too: once the PV is deleted, nothing else says which claim it was
        watch(volumes, pv -> {
            Cluster.claimUidOf(pv).ifPresent(changes::claim);
            changes.volume(pv.getMetadata().getName());
        });
        informers = List.of(storageClasses, claims, volumes);
    }

    public synchronized void stop() {
        informers.forEach(SharedIndexInformer::stop);
        informers = List.of();
    }

    private static <T> void watch(SharedIndexInformer<T> informer, Consumer<T> changed) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(oldObj);
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.accept(obj);
            }
        });
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("cannot list or watch %s: %s; retrying", informer.getApiTypeClass().getSimpleName(),
                    failure.getMessage());
            return true;
        });
        informer.start();
    }

    @Override
    public boolean synced() {
        List<SharedIndexInformer<?>> current = informers;
        return !current.isEmpty() && current.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** True while every informer holds an open watch: the API is reachable. */
    public boolean watching() {
        List<SharedIndexInformer<?>> current = informers;
        return !current.isEmpty() && current.stream().allMatch(SharedIndexInformer::isWatching);
    }

    @Override
    public Collection<StorageClass> storageClasses() {
        return storageClasses.getStore().list();
    }

    @Override
    public Collection<PersistentVolumeClaim> claims() {
        return claims.getStore().list();
    }

    @Override
    public Collection<PersistentVolume> volumes() {
        return volumes.getStore().list();
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(claims.getStore().getByKey(Cluster.key(namespace, name)));
    }

    @Override
    public Optional<PersistentVolumeClaim> claimWithUid(String uid) {
        return claims.getIndexer().byIndex(BY_UID, uid).stream().findFirst();
    }

    @Override
    public Optional<PersistentVolume> volume(String name) {
        return Optional.ofNullable(volumes.getStore().getByKey(name));
    }

    @Override
    public Collection<PersistentVolume> volumesOf(String claimUid) {
        return volumes.getIndexer().byIndex(BY_CLAIM, claimUid);
    }

    @Override
    public Collection<PersistentVolumeClaim> clonesOf(String namespace, String name) {
        return claims.getIndexer().byIndex(BY_SOURCE, Cluster.key(namespace, name));
    }
}
