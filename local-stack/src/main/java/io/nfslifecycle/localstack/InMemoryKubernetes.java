package io.nfslifecycle.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * An in-memory Kubernetes API (fabric8's mock server in CRUD mode) on a loopback port, with the namespace
 * {@code demo} and our StorageClass {@code nfs}. It stores and watches objects; it runs no controllers, so
 * nothing binds a PVC to its PV.
 */
final class InMemoryKubernetes implements AutoCloseable {
    static final String NAMESPACE = "demo";
    static final String STORAGE_CLASS = "nfs";

    private final KubernetesMockServer server;
    final int port;

    private InMemoryKubernetes(KubernetesMockServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static InMemoryKubernetes start(int port, String serverId) throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        InMemoryKubernetes api = new InMemoryKubernetes(server, server.getPort());
        try (KubernetesClient client = server.createClient()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            client.storage().v1().storageClasses().resource(storageClass(serverId)).create();
        }
        return api;
    }

    static io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String serverId) {
        return new StorageClassBuilder()
                .withNewMetadata().withName(STORAGE_CLASS).endMetadata()
                .withProvisioner("nfs-lifecycle.io/nfs")
                .addToParameters("server", serverId)
                .addToParameters("onDelete", "archive")
                .withReclaimPolicy("Delete")
                .withAllowVolumeExpansion(true)
                .withMountOptions("nfsvers=4.1", "hard")
                .withVolumeBindingMode("Immediate")
                .build();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A kubeconfig for kubectl, the demo command and the claim watcher. */
    Path writeKubeconfig(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: nfs-lifecycle-local",
                "  cluster:",
                "    server: " + url(),
                "users:",
                "- name: nfs-lifecycle-local",
                "  user:",
                "    token: local",
                "contexts:",
                "- name: nfs-lifecycle-local",
                "  context:",
                "    cluster: nfs-lifecycle-local",
                "    user: nfs-lifecycle-local",
                "    namespace: " + NAMESPACE,
                "current-context: nfs-lifecycle-local",
                ""));
        return file;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
