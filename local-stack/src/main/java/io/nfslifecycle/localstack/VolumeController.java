package io.nfslifecycle.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The part of Kubernetes' PV controller the in-memory API needs, so a claim behaves as in a cluster: a claim of a
 * class whose provisioner is external is handed to it (the {@code volume.kubernetes.io/storage-provisioner}
 * annotation), a PV whose {@code claimRef} names a claim is bound to it (the claim's {@code spec.volumeName}, both
 * phases Bound, the claim's capacity), and a PV whose claim is gone (bound or not yet) becomes Released. There is no
 * scheduler: a claim of a WaitForFirstConsumer class waits until someone sets
 * {@code volume.kubernetes.io/selected-node} on it, as the scheduler would.
 *
 * <p>Like the real controller, it works on what changed: a claim's change looks at that claim and the PVs that name
 * it, a PV's change at that PV and its claim; a StorageClass's change looks at everything. Changes that arrive while
 * it works are gathered and done together.
 */
final class VolumeController implements AutoCloseable {
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String STORAGE_PROVISIONER_BETA = "volume.beta.kubernetes.io/storage-provisioner";
    private static final String BY_UID = "uid";
    private static final String BY_CLAIM = "claim";

    private final KubernetesClient client;
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-volume-controller");
        t.setDaemon(true);
        return t;
    });
    private final List<SharedIndexInformer<?>> informers;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final SharedIndexInformer<StorageClass> classes;
    /** What changed since the work thread last looked: claims by uid, PVs by name, or everything. */
    private final Set<String> claimsDue = ConcurrentHashMap.newKeySet();
    private final Set<String> volumesDue = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean everythingDue = new AtomicBoolean();
    private final AtomicBoolean queued = new AtomicBoolean();

    VolumeController(KubernetesClient client) {
        this.client = client;
        this.claims = client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
        claims.addIndexers(Map.of(BY_UID, pvc -> List.of(String.valueOf(pvc.getMetadata().getUid()))));
        this.volumes = client.persistentVolumes().runnableInformer(0);
        volumes.addIndexers(Map.of(BY_CLAIM, pv -> pv.getSpec() == null || pv.getSpec().getClaimRef() == null
                || pv.getSpec().getClaimRef().getUid() == null ? List.of()
                : List.of(pv.getSpec().getClaimRef().getUid())));
        this.classes = client.storage().v1().storageClasses().runnableInformer(0);
        claims.addEventHandler(handler(pvc -> due(claimsDue, pvc.getMetadata().getUid())));
        volumes.addEventHandler(handler(pv -> due(volumesDue, pv.getMetadata().getName())));
        classes.addEventHandler(handler(sc -> {
            everythingDue.set(true);
            due(claimsDue, null);
        }));
        this.informers = List.of(claims, volumes, classes);
        informers.forEach(SharedIndexInformer::start);
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.accept(obj);
            }
        };
    }

    /** Notes what changed and makes sure the work thread looks soon; many changes wait for one look. */
    private void due(Set<String> keys, String key) {
        if (key != null) {
            keys.add(key);
        }
        if (queued.compareAndSet(false, true)) {
            try {
                work.execute(this::reconcile);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void reconcile() {
        queued.set(false);
        if (everythingDue.getAndSet(false)) {
            claims.getStore().list().forEach(pvc -> claimsDue.add(pvc.getMetadata().getUid()));
            volumes.getStore().list().forEach(pv -> volumesDue.add(pv.getMetadata().getName()));
        }
        for (String uid : take(claimsDue)) {
            PersistentVolumeClaim pvc = claimByUid(uid);
            if (pvc != null) {
                handOver(pvc);
            }
            volumes.getIndexer().byIndex(BY_CLAIM, uid).forEach(pv -> volume(pv, pvc));
        }
        for (String name : take(volumesDue)) {
            PersistentVolume pv = volumes.getStore().getByKey(name);
            var ref = pv == null || pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
            if (ref != null && ref.getUid() != null) {
                volume(pv, claimByUid(ref.getUid()));
            }
        }
    }

    private static List<String> take(Set<String> due) {
        List<String> taken = new ArrayList<>(due);
        taken.forEach(due::remove);
        return taken;
    }

    private PersistentVolumeClaim claimByUid(String uid) {
        return claims.getIndexer().byIndex(BY_UID, uid).stream().findFirst().orElse(null);
    }

    /** A PV whose claimRef names a claim: bound to it while it exists, Released once it is gone. */
    private void volume(PersistentVolume pv, PersistentVolumeClaim pvc) {
        if (pvc != null) {
            bind(pvc, pv);
        } else if (!"Released".equals(phase(pv)) && !"Failed".equals(phase(pv))
                && claimGone(pv.getSpec().getClaimRef())) {
            setPhase(pv, "Released"); // as the PV controller: bound or not yet, its claim is gone
        }
    }

    /** A claim of an external provisioner's class, not bound yet, is handed to that provisioner. */
    private void handOver(PersistentVolumeClaim pvc) {
        if (pvc.getSpec().getVolumeName() != null && !pvc.getSpec().getVolumeName().isEmpty()) {
            return;
        }
        StorageClass storageClass = pvc.getSpec().getStorageClassName() == null ? null
                : classes.getStore().getByKey(pvc.getSpec().getStorageClassName());
        Map<String, String> annotations = pvc.getMetadata().getAnnotations();
        if (storageClass == null || storageClass.getProvisioner() == null || (annotations != null
                && storageClass.getProvisioner().equals(annotations.get(STORAGE_PROVISIONER)))) {
            return;
        }
        edit(() -> client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                .resource(new PersistentVolumeClaimBuilder(pvc).editMetadata()
                        .addToAnnotations(STORAGE_PROVISIONER, storageClass.getProvisioner())
                        .addToAnnotations(STORAGE_PROVISIONER_BETA, storageClass.getProvisioner())
                        .endMetadata().build()).update());
    }

    /**
     * Writes go from what the informer shows, with its resource version, as a controller's do: one request each, and
     * a write that lost a race (409) is decided again when the informer brings the newer object.
     */
    private void bind(PersistentVolumeClaim pvc, PersistentVolume pv) {
        String name = pv.getMetadata().getName();
        if (!name.equals(pvc.getSpec().getVolumeName())) {
            edit(() -> client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                    .resource(new PersistentVolumeClaimBuilder(pvc).editSpec().withVolumeName(name).endSpec().build())
                    .update());
            return; // the status follows once the informer shows the new spec
        }
        if (!"Bound".equals(pvc.getStatus() == null ? null : pvc.getStatus().getPhase())) {
            edit(() -> client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                    .resource(new PersistentVolumeClaimBuilder(pvc).withNewStatus().withPhase("Bound")
                            .withAccessModes(pv.getSpec().getAccessModes()).withCapacity(pv.getSpec().getCapacity())
                            .endStatus().build()).updateStatus());
        }
        if (!"Bound".equals(phase(pv))) {
            setPhase(pv, "Bound");
        }
    }

    /** Asked of the API, not the cache: a claim the informer has not shown yet is not gone. */
    private boolean claimGone(ObjectReference ref) {
        PersistentVolumeClaim now = client.persistentVolumeClaims().inNamespace(ref.getNamespace())
                .withName(ref.getName()).get();
        return now == null || !ref.getUid().equals(now.getMetadata().getUid());
    }

    private static String phase(PersistentVolume pv) {
        return pv.getStatus() == null ? null : pv.getStatus().getPhase();
    }

    private void setPhase(PersistentVolume pv, String phase) {
        edit(() -> client.persistentVolumes().resource(new PersistentVolumeBuilder(pv).withNewStatus()
                .withPhase(phase).endStatus().build()).updateStatus());
    }

    /** A write that lost a race is simply decided again on the next change. */
    private static void edit(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            // 404 or 409: the object changed meanwhile; the informer brings the next change
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        work.shutdownNow();
    }
}
