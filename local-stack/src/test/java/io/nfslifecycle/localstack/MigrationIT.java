package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A cluster moved from nfs-subdir-external-provisioner: the export root laid out exactly as nfs-subdir leaves it
 * ({@code ${namespace}-${pvcName}-${pvName}} directories, an {@code archived-*} one, a directory whose PV is gone) and
 * the StorageClass, claims and PVs it would have made, on the in-memory API. The dry run lists what would be adopted
 * and what not, and why; adoption (switched on by restarting the watcher) takes every adoptable volume over in
 * place, touching no byte, name or mode; a deleted adopted claim is archived by nfs-lifecycle's rules.
 */
class MigrationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NS = InMemoryKubernetes.NAMESPACE;
    private static final String SUBDIR = "cluster.local/nfs-subdir-external-provisioner";
    private static final String OLD_SERVER = "10.0.0.5";

    private static Path state;
    private static Path root;
    private static LocalStack stack;
    private static KubernetesClient kube;
    private static final Map<String, String> volumes = new TreeMap<>(); // claim -> PV name

    @BeforeAll
    static void start() throws IOException {
        state = Files.createTempDirectory(Paths.get("target"), "migration-").toAbsolutePath();
        root = Files.createDirectories(state.resolve("exports"));
        stack = LocalStack.start(new StackSettings(Paths.get("").toAbsolutePath().getParent(), state, root,
                Optional.empty(), false, true, Map.of())
                .withProperty("claim-watcher", "nfs-lifecycle.migration.nfs-server", OLD_SERVER)
                .withProperty("claim-watcher", "nfs-lifecycle.migration.root", root.toString())
                .withProperty("claim-watcher", "nfs-lifecycle.migration.server-id", LocalStack.SERVER_ID),
                System.out);
        kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(stack.kubeconfig()), null)).build();
        kube.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("nfs-client").endMetadata().withProvisioner(SUBDIR).withReclaimPolicy("Delete")
                .addToParameters("archiveOnDelete", "true").build()).create();
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void nfsSubdirVolumesAreListedThenAdoptedInPlaceThenReleasedByOurRules() throws Exception {
        String mine = ourClaim("mine"); // an nfs-lifecycle claim: its directory is another record's
        layOut(mine);
        Map<String, String> before = snapshot(root, mine);

        // the dry run: adoption is off
        await().atMost(WAIT).untilAsserted(() -> assertThat(migration()).hasSize(7));
        Map<String, JsonNode> dry = byClaim(migration());
        assertThat(dry.get("data").path("state").asText()).isEqualTo("WOULD_ADOPT");
        assertThat(dry.get("logs").path("state").asText()).isEqualTo("WOULD_ADOPT");
        assertThat(dry.get("lost").path("state").asText()).isEqualTo("WOULD_ADOPT");
        assertRefused(dry.get("thief"), "owned by another record: claim " + NS + "/mine");
        assertRefused(dry.get("elsewhere"), "an unknown server");
        assertRefused(dry.get("outside"), "is not under the export root");
        assertRefused(dry.get("gone"), "is gone");
        JsonNode storage = storageDryRun(dry, "data", "logs", "lost");
        assertThat(storage.get(0).path("adoptable").asBoolean()).as(storage.toString()).isTrue();
        assertThat(storage.get(1).path("adoptable").asBoolean()).as(storage.toString()).isTrue();
        assertThat(storage.get(2).path("adoptable").asBoolean()).isFalse();
        assertThat(storage.get(2).path("reason").asText()).contains("is not there");
        assertThat(snapshot(root, mine)).as("a dry run changes nothing").isEqualTo(before);
        assertThat(export("data")).as("a dry run records nothing").isEmpty();

        // adoption on: the operator changes the setting and restarts the watcher
        stack.restart("claim-watcher", false, Map.of("NFS_LIFECYCLE_MIGRATION_ENABLED", "true"));
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, JsonNode> now = byClaim(migration());
            // a watcher just restarted may list only some claims yet: asserted, so the wait goes on
            assertThat(now).containsKeys("data", "logs", "lost");
            assertThat(now.get("data").path("state").asText()).isEqualTo("ADOPTED");
            assertThat(now.get("logs").path("state").asText()).isEqualTo("ADOPTED");
            assertThat(now.get("lost").path("reason").asText()).contains("DIRECTORY_MISSING");
        });
        Map<String, JsonNode> adopted = byClaim(migration());
        for (String refused : List.of("thief", "elsewhere", "outside", "gone", "lost")) {
            assertThat(adopted.get(refused).path("state").asText()).as(refused).isEqualTo("REFUSED");
        }
        JsonNode data = export("data").orElseThrow();
        assertThat(data.path("phase").asText()).isEqualTo("READY");
        assertThat(data.path("volumeName").asText()).isEqualTo(volumes.get("data"));
        assertThat(data.path("directory").asText()).isEqualTo(NS + "-data-" + volumes.get("data"));
        assertThat(export("lost").orElseThrow().path("phase").asText()).isEqualTo("FAILED");
        assertThat(snapshot(root, mine)).as("nothing created, renamed or chmod-ed").isEqualTo(before);
        assertThat(kube.persistentVolumes().withName(volumes.get("data")).get().getMetadata().getAnnotations())
                .as("the PV is left as nfs-subdir made it").containsEntry("pv.kubernetes.io/provisioned-by", SUBDIR);

        // deleting an adopted claim: archived (an adopted directory is never deleted), then its PV goes
        String dataDir = NS + "-data-" + volumes.get("data");
        Map<String, String> content = snapshot(root.resolve(dataDir), "");
        kube.persistentVolumeClaims().inNamespace(NS).withName("data").delete();
        await().atMost(WAIT).until(() -> kube.persistentVolumes().withName(volumes.get("data")).get() == null);
        assertThat(export("data").orElseThrow().path("phase").asText()).isEqualTo("ARCHIVED");
        assertThat(root.resolve(dataDir)).doesNotExist();
        Path archive;
        try (Stream<Path> entries = Files.list(root)) {
            archive = entries.filter(p -> p.getFileName().toString().startsWith("archived-" + dataDir)).findFirst()
                    .orElseThrow();
        }
        assertThat(snapshot(archive, "")).as("the archive holds the data as it was").isEqualTo(content);
        assertThat(root.resolve("archived-" + NS + "-old-pvc-1b2c")).as("nfs-subdir's own archive is left")
                .isDirectory();
    }

    /** The directories and objects nfs-subdir leaves behind. */
    private static void layOut(String mine) throws IOException {
        for (String name : List.of("data", "logs", "lost", "thief", "elsewhere", "outside")) {
            String uid = kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(name).endMetadata().withNewSpec().withStorageClassName("nfs-client")
                    .withAccessModes("ReadWriteMany").withNewResources()
                    .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build())
                    .create().getMetadata().getUid();
            volumes.put(name, "pvc-" + uid);
        }
        Path data = Files.createDirectories(root.resolve(NS + "-data-" + volumes.get("data")).resolve("db"));
        Files.writeString(data.resolve("rows"), "a,b,c\n".repeat(1000));
        Files.write(data.getParent().resolve("blob"), new byte[70_000]);
        Files.createSymbolicLink(data.getParent().resolve("link-out"), Paths.get("/etc/passwd"));
        Files.setPosixFilePermissions(data.getParent(), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(data.resolve("rows"), FileTime.fromMillis(1_600_000_000_000L));
        Files.writeString(Files.createDirectories(root.resolve(NS + "-logs-" + volumes.get("logs")))
                .resolve("app.log"), "started\n");
        Files.writeString(Files.createDirectories(root.resolve("archived-" + NS + "-old-pvc-1b2c")).resolve("x"), "x");
        Files.writeString(Files.createDirectories(root.resolve(NS + "-gone-pvc-0f0f")).resolve("y"), "y");
        Files.createDirectories(root.resolve(NS + "-orphan-pvc-abcd")); // its PV is gone
        Files.createDirectories(root.resolve(NS + "-elsewhere-" + volumes.get("elsewhere")));

        volume("data", OLD_SERVER, root.resolve(NS + "-data-" + volumes.get("data")).toString(), "Delete", true);
        volume("logs", OLD_SERVER, root.resolve(NS + "-logs-" + volumes.get("logs")).toString(), "Retain", true);
        volume("lost", OLD_SERVER, root.resolve(NS + "-lost-" + volumes.get("lost")).toString(), "Delete", true);
        volume("thief", OLD_SERVER, root.resolve(mine).toString(), "Delete", true);
        volume("elsewhere", "10.9.9.9", root.resolve(NS + "-elsewhere-" + volumes.get("elsewhere")).toString(),
                "Delete", true);
        volume("outside", OLD_SERVER, "/srv/other/" + NS + "-outside", "Delete", true);
        volumes.put("gone", "pvc-0f0f");
        volume("gone", OLD_SERVER, root.resolve(NS + "-gone-pvc-0f0f").toString(), "Delete", false);
        await().atMost(WAIT).until(() -> kube.persistentVolumes().list().getItems().stream()
                .filter(pv -> SUBDIR.equals(pv.getMetadata().getAnnotations().get("pv.kubernetes.io/provisioned-by")))
                .filter(pv -> pv.getStatus() != null && pv.getStatus().getPhase() != null).count() == 7);
    }

    /** A PV as nfs-subdir makes it: named pvc-UID, annotated with its provisioner, bound to its claim. */
    private static void volume(String claim, String server, String path, String policy, boolean claimExists) {
        String name = volumes.get(claim);
        String uid = claimExists ? kube.persistentVolumeClaims().inNamespace(NS).withName(claim).get().getMetadata()
                .getUid() : "0f0f-deleted-claim";
        kube.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .addToAnnotations("pv.kubernetes.io/provisioned-by", SUBDIR).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteMany")
                .withPersistentVolumeReclaimPolicy(policy).withStorageClassName("nfs-client")
                .withNewNfs().withServer(server).withPath(path).endNfs()
                .withNewClaimRef().withNamespace(NS).withName(claim).withUid(uid).endClaimRef().endSpec().build())
                .create();
    }

    /** An nfs-lifecycle claim, provisioned: its directory relative to the root. */
    private static String ourClaim(String name) throws IOException, InterruptedException {
        kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withStorageClassName(InMemoryKubernetes.STORAGE_CLASS)
                .withAccessModes("ReadWriteMany").withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build()).create();
        await().atMost(WAIT).until(() -> export(name).map(e -> e.path("phase").asText()).orElse("").equals("READY"));
        return export(name).orElseThrow().path("directory").asText();
    }

    private static void assertRefused(JsonNode volume, String reason) {
        assertThat(volume.path("state").asText()).as(volume.toString()).isEqualTo("REFUSED");
        assertThat(volume.path("reason").asText()).contains(reason);
    }

    private static Map<String, JsonNode> byClaim(JsonNode list) {
        Map<String, JsonNode> out = new TreeMap<>();
        list.forEach(v -> out.put(v.path("claimName").asText(), v));
        return out;
    }

    private static JsonNode migration() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("claim-watcher")
                + "/api/v1/migration")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The export manager's dry run for the named claims' directories, in that order. */
    private static JsonNode storageDryRun(Map<String, JsonNode> dry, String... claims) throws Exception {
        List<Map<String, String>> body = new ArrayList<>();
        for (String claim : claims) {
            JsonNode v = dry.get(claim);
            body.add(Map.of("claimUid", v.path("claimUid").asText(), "volumeName", v.path("volumeName").asText(),
                    "directory", v.path("directory").asText()));
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("export-manager")
                + "/api/v1/migrations/dry-run")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Optional<JsonNode> export(String claim) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("export-manager")
                + "/api/v1/exports/" + NS + "/" + claim)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(JSON.readTree(response.body()));
    }

    /** Every entry under {@code dir} (but {@code except}) with its type, mode, size, time and content digest. */
    private static Map<String, String> snapshot(Path dir, String except) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String rel = dir.relativize(p).toString();
                if (!except.isEmpty() && (rel.equals(except) || rel.startsWith(except + "/"))) {
                    continue;
                }
                out.put(rel, describe(p));
            }
        }
        return out;
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link " + Files.readSymbolicLink(p);
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + mode;
        }
        try (InputStream in = Files.newInputStream(p)) {
            return "file " + mode + " " + Files.getLastModifiedTime(p) + " "
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
