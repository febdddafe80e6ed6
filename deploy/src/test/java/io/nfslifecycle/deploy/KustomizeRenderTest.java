package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/** What `kubectl apply -k` would send: every kustomization renders, and the result parses as Kubernetes objects. */
class KustomizeRenderTest {
    private static final Path KUBERNETES = Project.deploy().resolve("kubernetes");

    @ParameterizedTest
    @ValueSource(strings = {".", "base", "overlays/servicemonitor", "overlays/kafka-sasl-tls",
            "examples/storageclasses", "examples/shared-claim"})
    void kustomizationRendersIntoKnownKubernetesObjects(String kustomization) {
        // given kubectl (which carries kustomize)
        Tool kubectl = Tool.KUBECTL.required();

        // when the kustomization is rendered offline
        Tool.Result rendered = kubectl.run(KUBERNETES, "kustomize", kustomization);

        // then it renders, and every object parses as a kind fabric8 knows (or our CRD kinds) without unknown fields
        assertThat(rendered.exitCode()).as(rendered.describe()).isZero();
        List<HasMetadata> objects = Manifests.parseYaml(rendered.stdout(), "kubectl kustomize " + kustomization);
        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(Manifests.unknownKind(object) && !Manifests.isCustomResource(object)).as(object.getKind()).isFalse();
            assertThat(Manifests.unknownFields(object)).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "overlays/servicemonitor", "overlays/kafka-sasl-tls"})
    void installPutsEveryNamespacedObjectOfTheWatcherInItsNamespace(String kustomization) {
        // given the rendered install
        List<HasMetadata> objects = render(kustomization);

        // then the namespace is created, and everything but cluster-scoped objects lives in it
        assertThat(objects).anySatisfy(o -> {
            assertThat(o).isInstanceOf(Namespace.class);
            assertThat(o.getMetadata().getName()).isEqualTo("nfs-lifecycle");
        });
        List<HasMetadata> namespaced = objects.stream()
                .filter(o -> !(o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding
                        || o instanceof StorageClass))
                .collect(Collectors.toList());
        assertThat(namespaced).isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("nfs-lifecycle"));

        // and the watcher's image has a tag, never an implicit :latest
        Deployment watcher = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(watcher.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).matches(".+:[^/]+$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/kafka-sasl-tls"})
    void saslOverlayRequiresTheCredentialsSecretAndMountsTheBrokerCa(String kustomization) {
        // given the SASL/TLS overlay rendered
        Deployment watcher = render(kustomization).stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        var container = watcher.getSpec().getTemplate().getSpec().getContainers().get(0);

        // then the credentials Secret is required (not optional) and the CA is mounted read-only
        assertThat(container.getEnvFrom()).anySatisfy(e -> {
            assertThat(e.getSecretRef()).isNotNull();
            assertThat(e.getSecretRef().getOptional()).isFalse();
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("kafka-ca");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    private static List<HasMetadata> render(String kustomization) {
        Tool.Result rendered = Tool.KUBECTL.required().run(KUBERNETES, "kustomize", kustomization);
        assertThat(rendered.exitCode()).as(rendered.describe()).isZero();
        return Manifests.parseYaml(rendered.stdout(), "kubectl kustomize " + kustomization);
    }
}
