package io.nfslifecycle.claimwatcher.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.claimwatcher.reconcile.ClusterWrites;
import io.nfslifecycle.claimwatcher.plan.Notice;
import io.nfslifecycle.kit.threads.Daemons;
import io.quarkus.runtime.Startup;

/**
 * Every write the watcher makes to the Kubernetes API, and nothing else: PVs (create, update capacity, delete) and
 * Events (create). The CRUD style is deliberate: create, then update with the resource version; 409 and 404 are
 * the races they look like, not errors.
 */
@ApplicationScoped
@Startup
public class KubernetesWrites implements ClusterWrites {
    private static final Logger LOG = Logger.getLogger(KubernetesWrites.class);
    public static final String COMPONENT = "nfs-lifecycle-claim-watcher";
    /** Events about cluster-scoped objects (PVs) live here, as kubectl expects. */
    static final String CLUSTER_EVENTS_NAMESPACE = "default";

    private final KubernetesClient client;
    private final MeterRegistry registry;

    /** Every write this class makes, as {@code resource verb}; the README's RBAC table lists the same. */
    public static final List<String> WRITES = List.of("persistentvolumes create",
            "persistentvolumes get", "persistentvolumes update", "persistentvolumes delete", "events create",
            "persistentvolumeclaims/status update");

    @Inject
    public KubernetesWrites(KubernetesClient client, MeterRegistry registry) {
        this.client = client;
        this.registry = registry;
        // registered at zero, so a dashboard sees the series before the first failure
        for (String write : WRITES) {
            String[] resourceVerb = write.split(" ");
            registry.counter("nfs.lifecycle.kubernetes.write.failures", "resource", resourceVerb[0],
                    "verb", resourceVerb[1]);
        }
        prepare();
    }

    /**
     * Readies, on a thread of its own, what the first claim's writes would otherwise wait for: the model builders of
     * a PV and an Event, and their JSON both ways (the client reads back every PV it creates). Nothing waits for it.
     */
    private void prepare() {
        Daemons.named("kubernetes-writes-prepare").newThread(() -> {
            try {
                KubernetesSerialization json = client.getKubernetesSerialization();
                Notice sample = Notice.onClaim("default", "sample", "00000000-0000-0000-0000-000000000000",
                        Notice.NORMAL, "Provisioning", "sample");
                json.unmarshal(json.asJson(event(sample, Instant.now().toString())), Event.class);
                PersistentVolume volume = new PersistentVolumeBuilder()
                        .withNewMetadata().withName("pvc-sample").endMetadata()
                        .withNewSpec()
                            .withCapacity(Map.of("storage", new Quantity("1Gi")))
                            .withAccessModes("ReadWriteMany")
                            .withClaimRef(new ObjectReferenceBuilder().withKind(Notice.CLAIM).withName("sample")
                                    .build())
                            .withNewNfs().withServer("127.0.0.1").withPath("/sample").endNfs()
                        .endSpec()
                        .build();
                json.unmarshal(json.asJson(volume), PersistentVolume.class);
            } catch (RuntimeException e) { // a first write pays for it instead
                LOG.debugf("readying the PV and Event serialisation: %s", e.getMessage());
            }
        }).start();
    }

    @Override
    public Created createVolume(PersistentVolume volume) {
        try {
            client.persistentVolumes().resource(volume).create();
            return Created.CREATED;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Created.ALREADY_THERE;
            }
            failed("persistentvolumes", "create", volume.getMetadata().getName(), e);
            return Created.FAILED;
        }
    }

    @Override
    public boolean resizeVolume(String volumeName, long bytes) {
        PersistentVolume current;
        try {
            current = client.persistentVolumes().withName(volumeName).get();
        } catch (KubernetesClientException e) {
            failed("persistentvolumes", "get", volumeName, e);
            return false;
        }
        if (current == null) {
            return false;
        }
        current.getSpec().setCapacity(Map.of("storage", StorageSize.quantity(bytes)));
        try {
            client.persistentVolumes().resource(current).update();
            LOG.infof("volume %s now offers %s", volumeName, StorageSize.quantity(bytes));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                failed("persistentvolumes", "update", volumeName, e);
            }
            return false;
        }
    }

    @Override
    public boolean annotateVolume(String volumeName, String key, String value) {
        PersistentVolume current;
        try {
            current = client.persistentVolumes().withName(volumeName).get();
        } catch (KubernetesClientException e) {
            failed("persistentvolumes", "get", volumeName, e);
            return false;
        }
        if (current == null) {
            return false;
        }
        Map<String, String> annotations = new java.util.HashMap<>(current.getMetadata().getAnnotations() == null
                ? Map.of() : current.getMetadata().getAnnotations());
        if (value.isEmpty()) {
            annotations.remove(key);
        } else {
            annotations.put(key, value);
        }
        current.getMetadata().setAnnotations(annotations);
        try {
            client.persistentVolumes().resource(current).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                failed("persistentvolumes", "update", volumeName, e);
            }
            return false;
        }
    }

    @Override
    public boolean claimCapacity(PersistentVolumeClaim claim, long bytes) {
        PersistentVolumeClaim copy = new PersistentVolumeClaimBuilder(claim).editOrNewStatus()
                .addToCapacity("storage", StorageSize.quantity(bytes)).endStatus().build();
        try {
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
            LOG.infof("claim %s/%s now shows %s", claim.getMetadata().getNamespace(), claim.getMetadata().getName(),
                    StorageSize.quantity(bytes));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                failed("persistentvolumeclaims/status", "update", claim.getMetadata().getName(), e);
            }
            return false;
        }
    }

    @Override
    public boolean deleteVolume(String volumeName) {
        try {
            client.persistentVolumes().withName(volumeName).delete();
            LOG.infof("deleted volume %s: its export was reclaimed", volumeName);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            failed("persistentvolumes", "delete", volumeName, e);
            return false;
        }
    }

    @Override
    public boolean record(Notice notice) {
        String namespace = namespace(notice);
        Event event = event(notice, Instant.now().toString());
        // posted as it is, the answer not read back into an object: two per claim, nothing in them is used
        try {
            HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(eventsUrl(namespace))
                    .post("application/json", client.getKubernetesSerialization().asJson(event))
                    .build();
            HttpResponse<byte[]> response = http.sendAsync(request, byte[].class)
                    .get(client.getConfiguration().getRequestTimeout() + 5000L, TimeUnit.MILLISECONDS);
            if (response.isSuccessful()) {
                return true;
            }
            failed("events", "create", notice.kind() + " " + notice.name(), new KubernetesClientException(
                    new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8),
                    response.code(), null));
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failed("events", "create", notice.kind() + " " + notice.name(), new KubernetesClientException(
                    "no answer: " + e.getMessage(), e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String namespace(Notice notice) {
        return notice.namespace().isEmpty() ? CLUSTER_EVENTS_NAMESPACE : notice.namespace();
    }

    private static Event event(Notice notice, String now) {
        return new EventBuilder()
                .withNewMetadata()
                    .withName(notice.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .withNamespace(namespace(notice))
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion("v1")
                    .withKind(notice.kind())
                    .withName(notice.name())
                    .withNamespace(notice.namespace().isEmpty() ? null : notice.namespace())
                    .withUid(notice.uid())
                .endInvolvedObject()
                .withType(notice.type())
                .withReason(notice.reason())
                .withMessage(notice.message())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
    }

    private String eventsUrl(String namespace) {
        String master = client.getMasterUrl().toString();
        return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + namespace + "/events";
    }

    private void failed(String resource, String verb, String name, KubernetesClientException e) {
        registry.counter("nfs.lifecycle.kubernetes.write.failures", "resource", resource, "verb", verb).increment();
        LOG.warnf("could not %s %s %s: %s (HTTP %d); the next reconcile tries again", verb, resource, name,
                e.getMessage(), e.getCode());
    }
}
