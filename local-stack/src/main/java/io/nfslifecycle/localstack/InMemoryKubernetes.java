package io.nfslifecycle.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * An in-memory Kubernetes API (fabric8's mock server in CRUD mode) on a loopback port, with the namespace
 * {@code demo} and our StorageClass {@code nfs}. It stores and watches objects, and runs the part of the PV
 * controller a claim needs ({@link VolumeController}): claims are handed to their provisioner and bound to their PV.
 */
final class InMemoryKubernetes implements AutoCloseable {
    static final String NAMESPACE = "demo";
    static final String STORAGE_CLASS = "nfs";
    static final String BRIEF_CLASS = "nfs-brief";

    /** The mock logs every request it answers: thousands of lines a second in a burst. Held, so the level stays. */
    private static final java.util.logging.Logger REQUESTS =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer server;
    private final KubernetesClient controllerClient;
    private final VolumeController controller;
    final int port;

    private InMemoryKubernetes(KubernetesMockServer server, int port) {
        this.server = server;
        this.port = port;
        this.controllerClient = server.createClient();
        this.controller = new VolumeController(controllerClient);
    }

    static InMemoryKubernetes start(int port, String serverId) throws IOException {
        randomUids();
        REQUESTS.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new DiscoveringDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        InMemoryKubernetes api = new InMemoryKubernetes(server, server.getPort());
        try (KubernetesClient client = server.createClient()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            client.storage().v1().storageClasses().resource(storageClass(serverId)).create();
            client.storage().v1().storageClasses().resource(briefClass(serverId)).create();
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

    /** The demo class whose archives are kept 30 seconds: the recycle bin's expiry, shown in one demo. */
    static io.fabric8.kubernetes.api.model.storage.StorageClass briefClass(String serverId) {
        var brief = storageClass(serverId);
        brief.getMetadata().setName(BRIEF_CLASS);
        brief.getParameters().put("archiveRetention", "30s");
        return brief;
    }

    /**
     * The mock numbers the uids it gives from a counter that starts at 0 in every process, so a second run on the
     * same state would hand out the uids of the first: start it at a random point instead.
     */
    private static void randomUids() {
        try {
            java.lang.reflect.Field counter = io.fabric8.kubernetes.client.utils.Utils.class
                    .getDeclaredField("leastSigBits");
            counter.setAccessible(true);
            ((java.util.concurrent.atomic.AtomicLong) counter.get(null)).set(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE / 2));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make the in-memory API's uids random: " + e, e);
        }
    }

    /** A client of this API (the caller closes it). */
    KubernetesClient client() {
        return server.createClient();
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
        controller.close();
        controllerClient.close();
        server.destroy();
    }
}
