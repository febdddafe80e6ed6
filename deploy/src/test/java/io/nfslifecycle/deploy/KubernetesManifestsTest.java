package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/** The manifests of deploy/kubernetes, parsed with fabric8, say what the watcher's installation needs. */
class KubernetesManifestsTest {
    private static final Path BASE = Project.deploy().resolve("kubernetes/base");
    private static final Path STORAGE_CLASSES = Project.deploy().resolve("kubernetes/examples/storageclasses");
    private static final Path SHARED_CLAIM = Project.deploy().resolve("kubernetes/examples/shared-claim");

    @Test
    void everyManifestParsesAsAKnownKubernetesObjectWithoutUnknownFields() {
        // given every YAML file under deploy/kubernetes but the kustomizations
        List<Path> files = Manifests.files();
        assertThat(files).hasSizeGreaterThan(10);

        for (Path file : files) {
            // when fabric8 parses it
            List<HasMetadata> objects = Manifests.parse(file);

            // then each document is an object of a kind fabric8 knows (or one of our CRD kinds), with a name,
            // and no field the model does not know
            assertThat(objects).as(file.toString()).isNotEmpty();
            for (HasMetadata object : objects) {
                assertThat(object.getMetadata().getName()).as(file + ": metadata.name").isNotBlank();
                assertThat(Manifests.unknownKind(object) && !Manifests.isCustomResource(object))
                        .as(file + ": " + object.getApiVersion() + " " + object.getKind() + " is no kind fabric8 knows")
                        .isFalse();
                assertThat(Manifests.unknownFields(object)).as(file + ": fields unknown to the model").isEmpty();
            }
        }
    }

    @Test
    void watcherRunsTwoReplicasAsNonRootWithAReadOnlyRootAndAWritableTmp() {
        // given the watcher's Deployment
        Deployment deployment = watcher();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        // then two replicas run, not as root, without privilege escalation, on a read-only root filesystem
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        // and /tmp is an emptyDir, the only place the JVM writes
        String tmpVolume = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow().getName();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
    }

    @Test
    void watcherIsProbedOnQuarkusHealthEndpoints() {
        // given the watcher's container
        Container container = watcher().getSpec().getTemplate().getSpec().getContainers().get(0);

        // then liveness asks /q/health/live and readiness /q/health/ready, on the container's http port
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        // the startup check of Quarkus' messaging is DOWN while Kafka is away: a startup probe on it would kill a
        // watcher that must start without Kafka
        if (container.getStartupProbe() != null) {
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        }
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
    }

    @Test
    void watcherHasCpuAndMemoryRequestsAndAMemoryLimit() {
        Container container = watcher().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void watcherReadsKafkaFromTheConfigMapAndCredentialsFromAnOptionalSecret() {
        // given the watcher's container and the base's ConfigMap
        Container container = watcher().getSpec().getTemplate().getSpec().getContainers().get(0);
        ConfigMap config = Manifests.in(BASE, ConfigMap.class).get(0);

        // then its environment comes from that ConfigMap, which names the brokers, and from a Secret that may be absent
        List<EnvFromSource> from = container.getEnvFrom();
        assertThat(from).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
        assertThat(from).anySatisfy(e -> {
            assertThat(e.getSecretRef()).isNotNull();
            assertThat(e.getSecretRef().getOptional()).isTrue();
        });
        assertThat(config.getData()).containsKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void serviceSelectsTheWatcherPodsOnTheirHttpPort() {
        // given the Services and the pod template's labels
        Map<String, String> podLabels = watcher().getSpec().getTemplate().getMetadata().getLabels();
        List<Service> services = Manifests.in(BASE, Service.class);

        // then each selects the pods and forwards to the named http port
        assertThat(services).isNotEmpty().allSatisfy(service -> {
            assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        });
    }

    @Test
    void noRoleGrantsWildcards() {
        // given every rule of every Role and ClusterRole we ship
        List<PolicyRule> rules = Manifests.all(ClusterRole.class).stream()
                .flatMap(r -> r.getRules().stream()).collect(Collectors.toList());
        Manifests.all(Role.class).forEach(r -> rules.addAll(r.getRules()));

        // then none names "*" as API group, resource or verb
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*").allSatisfy(r -> assertThat(r).doesNotContain("*"));
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
    }

    @Test
    void clusterRoleIsBoundToTheServiceAccountTheWatcherRunsAs() {
        // given the base's ServiceAccount, ClusterRole and binding
        ServiceAccount account = Manifests.in(BASE, ServiceAccount.class).get(0);
        ClusterRole role = Manifests.in(BASE, ClusterRole.class).get(0);
        ClusterRoleBinding binding = Manifests.in(BASE, ClusterRoleBinding.class).get(0);

        // then the binding gives that role to that account, and the pods run as it
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
        });
        assertThat(watcher().getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    }

    @Test
    void leaderElectionLeaseIsTheOneTheRoleNamesInThePodsNamespace() {
        // given the ConfigMap's Lease name, the Role and the pod's environment
        ConfigMap config = Manifests.in(BASE, ConfigMap.class).get(0);
        Role role = Manifests.in(BASE, Role.class).get(0);
        Container container = watcher().getSpec().getTemplate().getSpec().getContainers().get(0);

        // then the Role's named rule is that Lease, and the watcher puts its Lease in its own namespace, under its pod name
        assertThat(role.getRules()).anySatisfy(rule ->
                assertThat(rule.getResourceNames()).containsExactly(config.getData().get("NFS_LIFECYCLE_LEADER_LEASE_NAME")));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NFS_LIFECYCLE_LEADER_LEASE_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NFS_LIFECYCLE_INSTANCE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
    }

    @Test
    void storageClassesNameOurProvisionerAServerAndOnlyKnownParameters() {
        // given the example StorageClasses
        List<StorageClass> classes = Manifests.in(STORAGE_CLASSES, StorageClass.class);

        // then each is provisioned by nfs-lifecycle.io/nfs for a named server, with parameters the watcher knows
        assertThat(classes).hasSizeGreaterThanOrEqualTo(3).allSatisfy(sc -> {
            assertThat(sc.getProvisioner()).isEqualTo("nfs-lifecycle.io/nfs");
            assertThat(sc.getParameters()).containsKey("server");
            assertThat(Set.of("server", "onDelete", "pathPattern", "adoptExisting", "archiveRetention"))
                    .containsAll(sc.getParameters().keySet());
            assertThat(sc.getParameters().getOrDefault("archiveRetention", "")).matches("|0|[0-9]{1,6}[smhdw]");
            assertThat(sc.getParameters().getOrDefault("onDelete", "archive")).isIn("archive", "delete", "retain");
        });

        // and there is an archiving class, a deleting one, and one with a path pattern
        assertThat(classes).anySatisfy(sc -> assertThat(sc.getParameters().getOrDefault("onDelete", "archive")).isEqualTo("archive"));
        assertThat(classes).anySatisfy(sc -> assertThat(sc.getParameters()).containsEntry("onDelete", "delete"));
        assertThat(classes).anySatisfy(sc -> assertThat(sc.getParameters().get("pathPattern")).contains("${.PVC."));
    }

    @Test
    void exampleSharesOneReadWriteManyClaimAcrossFiveNginxReplicas() {
        // given the seed's example
        PersistentVolumeClaim claim = Manifests.in(SHARED_CLAIM, PersistentVolumeClaim.class).get(0);
        Deployment web = Manifests.in(SHARED_CLAIM, Deployment.class).get(0);
        List<String> classNames = Manifests.in(STORAGE_CLASSES, StorageClass.class).stream()
                .map(sc -> sc.getMetadata().getName()).collect(Collectors.toList());

        // then the claim is RWX from one of our classes, and five nginx replicas mount it
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(classNames).contains(claim.getSpec().getStorageClassName());
        assertThat(web.getSpec().getReplicas()).isEqualTo(5);
        assertThat(web.getMetadata().getNamespace()).isEqualTo(claim.getMetadata().getNamespace());
        PodSpec pod = web.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).anySatisfy(c -> assertThat(c.getImage()).startsWith("nginx"));
        assertThat(pod.getVolumes()).anySatisfy(v ->
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName()));
    }

    private static Deployment watcher() {
        return Manifests.in(BASE, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("claim-watcher"))
                .findFirst().orElseThrow();
    }
}
