package io.nfslifecycle.localstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
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
 */
final class VolumeController implements AutoCloseable {
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String STORAGE_PROVISIONER_BETA = "volume.beta.kubernetes.io/storage-provisioner";

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

    VolumeController(KubernetesClient client) {
        this.client = client;
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(handler(), 0);
        this.volumes = client.persistentVolumes().inform(handler(), 0);
        this.classes = client.storage().v1().storageClasses().inform(handler(), 0);
        this.informers = List.of(claims, volumes, classes);
    }

    private <T> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                work.execute(VolumeController.this::reconcile);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                work.execute(VolumeController.this::reconcile);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                work.execute(VolumeController.this::reconcile);
            }
        };
    }

    private void reconcile() {
        Map<String, PersistentVolumeClaim> byUid = new HashMap<>();
        for (PersistentVolumeClaim pvc : claims.getStore().list()) {
            byUid.put(pvc.getMetadata().getUid(), pvc);
            handOver(pvc);
        }
        for (PersistentVolume pv : volumes.getStore().list()) {
            var ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
            if (ref == null || ref.getUid() == null) {
                continue;
            }
            PersistentVolumeClaim pvc = byUid.get(ref.getUid());
            if (pvc != null) {
                bind(pvc, pv);
            } else if (!"Released".equals(phase(pv)) && !"Failed".equals(phase(pv)) && claimGone(ref)) {
                setPhase(pv, "Released"); // as the PV controller: bound or not yet, its claim is gone
            }
        }
    }

    /** A claim of an external provisioner's class, not bound yet, is handed to that provisioner. */
    private void handOver(PersistentVolumeClaim pvc) {
        if (pvc.getSpec().getVolumeName() != null && !pvc.getSpec().getVolumeName().isEmpty()) {
            return;
        }
        StorageClass storageClass = classes.getStore().list().stream()
                .filter(c -> c.getMetadata().getName().equals(pvc.getSpec().getStorageClassName()))
                .findFirst().orElse(null);
        Map<String, String> annotations = pvc.getMetadata().getAnnotations();
        if (storageClass == null || storageClass.getProvisioner() == null || (annotations != null
                && storageClass.getProvisioner().equals(annotations.get(STORAGE_PROVISIONER)))) {
            return;
        }
        edit(() -> client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                .withName(pvc.getMetadata().getName()).edit(p -> {
                    Map<String, String> a = new HashMap<>(p.getMetadata().getAnnotations() == null ? Map.of()
                            : p.getMetadata().getAnnotations());
                    a.put(STORAGE_PROVISIONER, storageClass.getProvisioner());
                    a.put(STORAGE_PROVISIONER_BETA, storageClass.getProvisioner());
                    p.getMetadata().setAnnotations(a);
                    return p;
                }));
    }

    private void bind(PersistentVolumeClaim pvc, PersistentVolume pv) {
        String name = pv.getMetadata().getName();
        if (!name.equals(pvc.getSpec().getVolumeName())) {
            edit(() -> client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                    .withName(pvc.getMetadata().getName()).edit(p -> {
                        p.getSpec().setVolumeName(name);
                        return p;
                    }));
            return; // the status follows once the informer shows the new spec
        }
        if (!"Bound".equals(pvc.getStatus() == null ? null : pvc.getStatus().getPhase())) {
            edit(() -> {
                PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(pvc.getMetadata()
                        .getNamespace()).withName(pvc.getMetadata().getName()).get();
                if (bound != null) {
                    bound.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                            .withPhase("Bound").withAccessModes(pv.getSpec().getAccessModes())
                            .withCapacity(pv.getSpec().getCapacity()).build());
                    client.persistentVolumeClaims().inNamespace(bound.getMetadata().getNamespace()).resource(bound)
                            .updateStatus();
                }
            });
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
        edit(() -> {
            PersistentVolume current = client.persistentVolumes().withName(pv.getMetadata().getName()).get();
            if (current != null && !Objects.equals(phase, phase(current))) {
                current.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase(phase)
                        .build());
                client.persistentVolumes().resource(current).updateStatus();
            }
        });
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
