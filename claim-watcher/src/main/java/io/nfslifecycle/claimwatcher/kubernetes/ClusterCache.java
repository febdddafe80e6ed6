package io.nfslifecycle.claimwatcher.kubernetes;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nfslifecycle.claimwatcher.reconcile.ClusterView;

/**
 * fabric8 SharedInformers on StorageClasses, PVCs (all namespaces) and PVs: the watcher's view of the cluster.
 * Any change asks for a reconcile; the informers keep retrying while the API is away, forever.
 */
@ApplicationScoped
public class ClusterCache implements ClusterView {
    private static final Logger LOG = Logger.getLogger(ClusterCache.class);

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
    public synchronized void start(Runnable onChange) {
        if (!informers.isEmpty()) {
            return;
        }
        storageClasses = watch(client.storage().v1().storageClasses().runnableInformer(0), onChange);
        claims = watch(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0), onChange);
        volumes = watch(client.persistentVolumes().runnableInformer(0), onChange);
        informers = List.of(storageClasses, claims, volumes);
    }

    public synchronized void stop() {
        informers.forEach(SharedIndexInformer::stop);
        informers = List.of();
    }

    private static <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer, Runnable onChange) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        });
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("cannot list or watch %s: %s; retrying", informer.getApiTypeClass().getSimpleName(),
                    failure.getMessage());
            return true;
        });
        informer.start();
        return informer;
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
}
