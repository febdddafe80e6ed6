package io.nfslifecycle.localstack;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * {@code bin/demo}: one line each to create, resize and delete a demo PVC in whichever API the watcher is on, and
 * to look at PVs, events, exports, capacity and the audit report of the running local stack.
 */
public final class Demo {
    private static final String USAGE = String.join("\n",
            "usage: bin/demo COMMAND",
            "  create NAME SIZE [CLASS]  a ReadWriteMany PVC of StorageClass nfs, or CLASS (nfs-brief keeps its",
            "                       archive 30 s) (e.g. create data 1Gi)",
            "  clone NAME SOURCE    a PVC whose data starts as a copy of PVC SOURCE, made on the storage side, of",
            "                       SOURCE's size (e.g. clone copy data)",
            "  restore NAME ARCHIVE a PVC that starts with the data of an archive (moved on the storage side; the",
            "                       archive's id is in bin/demo archives)",
            "  resize NAME SIZE     ask for more storage",
            "  delete NAME          delete the PVC (its export is archived)",
            "  pv                   the PersistentVolumes and their NFS paths",
            "  events NAME          the Kubernetes Events of a PVC",
            "  claims               the claim watcher's view (GET /api/v1/claims)",
            "  exports              the export manager's records (GET /api/v1/exports)",
            "  capacity             the export root's capacity (GET /api/v1/capacity)",
            "  audit                run an audit now and show the report (GET /api/v1/audit)",
            "  archives             the recycle bin (GET /api/v1/archives)",
            "  purge ARCHIVE        purge an archive now (DELETE /api/v1/archives/ARCHIVE)");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        LocalRun.quietLibraryLogs();
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Properties endpoints = DemoHttp.endpoints(Paths.get(System.getProperty("nfs-lifecycle.state-dir", ".local")));
        String command = args[0];
        switch (command) {
            case "create", "clone", "restore", "resize", "delete", "pv", "events" -> run(() -> kubernetes(endpoints,
                    args));
            case "claims" -> System.out.println(DemoHttp.get(endpoints, "claim-watcher", "/api/v1/claims"));
            case "exports" -> System.out.println(DemoHttp.get(endpoints, "export-manager", "/api/v1/exports"));
            case "capacity" -> System.out.println(DemoHttp.get(endpoints, "export-manager", "/api/v1/capacity"));
            case "archives" -> System.out.println(DemoHttp.get(endpoints, "export-manager", "/api/v1/archives"));
            case "purge" -> {
                need(args, 2);
                System.out.println(DemoHttp.delete(endpoints, "export-manager", "/api/v1/archives/" + args[1]));
            }
            case "audit" -> audit(endpoints);
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }

    /** Whatever the API or a service answers wrong, one line and a non-zero exit, never a stack trace. */
    private static void run(Runnable command) {
        try {
            command.run();
        } catch (KubernetesClientException e) {
            fail("the Kubernetes API refused it: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage()) + " (is bin/run still running?)");
        }
    }

    private static void kubernetes(Properties endpoints, String[] args) {
        Config config = Config.fromKubeconfig(null, DemoHttp.read(Paths.get(endpoints.getProperty("kubeconfig"))),
                null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
            switch (args[0]) {
                case "create" -> create(client, namespace, args);
                case "clone" -> clone(client, namespace, args);
                case "restore" -> restore(endpoints, client, namespace, args);
                case "resize" -> resize(client, namespace, args);
                case "delete" -> {
                    need(args, 2);
                    existing(client, namespace, args[1]);
                    client.persistentVolumeClaims().inNamespace(namespace).withName(args[1]).delete();
                    System.out.println("persistentvolumeclaim/" + args[1] + " deleted");
                }
                case "pv" -> volumes(client);
                case "events" -> events(client, namespace, args);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static void create(KubernetesClient client, String namespace, String[] args) {
        need(args, 3);
        name(args[1]);
        size(args[2]);
        PersistentVolumeClaim pvc = make(client, namespace, args[1], new Quantity(args[2]), null, Map.of(),
                args.length > 3 ? args[3] : InMemoryKubernetes.STORAGE_CLASS);
        System.out.println("persistentvolumeclaim/" + args[1] + " created in " + namespace + " (uid "
                + pvc.getMetadata().getUid() + "); its PV will be pvc-" + pvc.getMetadata().getUid());
    }

    private static void clone(KubernetesClient client, String namespace, String[] args) {
        need(args, 3);
        name(args[1]);
        Quantity size = existing(client, namespace, args[2]).getSpec().getResources().getRequests().get("storage");
        PersistentVolumeClaim pvc = make(client, namespace, args[1], size, args[2], Map.of(),
                InMemoryKubernetes.STORAGE_CLASS);
        System.out.println("persistentvolumeclaim/" + args[1] + " created in " + namespace + " as a clone of "
                + args[2] + " (" + size + "); its PV will be pvc-" + pvc.getMetadata().getUid());
    }

    /** A PVC with its data from an archive (annotation restore-from), of the archive's claim's size. */
    private static void restore(Properties endpoints, KubernetesClient client, String namespace, String[] args) {
        need(args, 3);
        name(args[1]);
        String size = DemoArchives.quantity(DemoArchives.sizeOf(endpoints, args[2]));
        PersistentVolumeClaim pvc = make(client, namespace, args[1], new Quantity(size), null,
                Map.of("nfs-lifecycle.io/restore-from", args[2]), InMemoryKubernetes.STORAGE_CLASS);
        System.out.println("persistentvolumeclaim/" + args[1] + " created in " + namespace + " from archive "
                + args[2] + " (" + size + "); its PV will be pvc-" + pvc.getMetadata().getUid());
    }

    /** A ReadWriteMany PVC; with a {@code source}, a clone of that PVC. */
    static PersistentVolumeClaim make(KubernetesClient client, String namespace, String name, Quantity size,
            String source, Map<String, String> annotations, String storageClass) {
        if (claim(client, namespace, name) != null) {
            fail("persistentvolumeclaim/" + name + " exists already in " + namespace
                    + "; pick another name or bin/demo delete " + name);
        }
        var spec = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", size)).endResources();
        if (source != null) {
            spec = spec.withNewDataSource().withKind("PersistentVolumeClaim").withName(source).endDataSource();
        }
        return client.persistentVolumeClaims().inNamespace(namespace).resource(spec.endSpec().build()).create();
    }

    private static void resize(KubernetesClient client, String namespace, String[] args) {
        need(args, 3);
        size(args[2]);
        existing(client, namespace, args[1]);
        client.persistentVolumeClaims().inNamespace(namespace).withName(args[1]).edit(p -> {
            p.getSpec().getResources().getRequests().put("storage", new Quantity(args[2]));
            return p;
        });
        System.out.println("persistentvolumeclaim/" + args[1] + " now requests " + args[2]);
    }

    private static void volumes(KubernetesClient client) {
        List<PersistentVolume> pvs = client.persistentVolumes().list().getItems();
        System.out.printf("%-44s %-10s %-12s %-24s %s%n", "NAME", "CAPACITY", "CLAIM", "NFS SERVER", "NFS PATH");
        for (PersistentVolume pv : pvs) {
            System.out.printf("%-44s %-10s %-12s %-24s %s%n", pv.getMetadata().getName(),
                    pv.getSpec().getCapacity().get("storage"),
                    pv.getSpec().getClaimRef() == null ? "" : pv.getSpec().getClaimRef().getName(),
                    pv.getSpec().getNfs() == null ? "" : pv.getSpec().getNfs().getServer(),
                    pv.getSpec().getNfs() == null ? "" : pv.getSpec().getNfs().getPath());
        }
        if (pvs.isEmpty()) {
            System.out.println("(none yet)");
        }
    }

    private static void events(KubernetesClient client, String namespace, String[] args) {
        need(args, 2);
        existing(client, namespace, args[1]);
        List<Event> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> args[1].equals(e.getInvolvedObject().getName())).toList();
        events.forEach(e -> System.out.printf("%-8s %-24s %s%n", e.getType(), e.getReason(), e.getMessage()));
        if (events.isEmpty()) {
            System.out.println("(no events for persistentvolumeclaim/" + args[1] + " yet)");
        }
    }

    /** Starts a run, waits until it is over (it runs in the background), then shows its report. */
    private static void audit(Properties endpoints) throws IOException, InterruptedException {
        String started = DemoHttp.post(endpoints, "quota-auditor", "/api/v1/audit/runs");
        System.out.println(started);
        String status = DemoHttp.body(started).path("statusUrl").asText();
        if (status.isEmpty()) {
            fail("the audit did not start (see the answer above)");
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        String state = "RUNNING";
        while ("RUNNING".equals(state) && System.nanoTime() < deadline) {
            String run = DemoHttp.get(endpoints, "quota-auditor", status);
            state = DemoHttp.body(run).path("state").asText();
            if ("RUNNING".equals(state)) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        if (!"COMPLETED".equals(state)) {
            fail("the audit run " + status + " ended " + state + "; GET " + status + " says why");
        }
        System.out.println(DemoHttp.get(endpoints, "quota-auditor", "/api/v1/audit"));
    }

    /** One line on stderr and a non-zero exit: what was wrong and what to do. */
    static void fail(String message) {
        System.err.println("bin/demo: " + message);
        System.exit(1);
    }

    private static void name(String name) {
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 253) {
            fail("'" + name + "' is not a claim name: lower-case letters, digits and '-', starting and ending with a"
                    + " letter or digit (e.g. data)");
        }
    }

    private static void size(String size) {
        int sign;
        try {
            sign = Quantity.getAmountInBytes(new Quantity(size)).signum();
        } catch (RuntimeException e) {
            sign = Integer.MIN_VALUE;
        }
        if (sign == Integer.MIN_VALUE) {
            fail("'" + size + "' is not a size: use a number with a unit, e.g. 1Gi, 500Mi or 2G");
        } else if (sign <= 0) {
            fail("'" + size + "' is not a size a claim can request: it must be more than zero (e.g. 1Gi)");
        }
    }

    private static PersistentVolumeClaim claim(KubernetesClient client, String namespace, String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

    private static PersistentVolumeClaim existing(KubernetesClient client, String namespace, String name) {
        PersistentVolumeClaim claim = claim(client, namespace, name);
        if (claim == null) {
            fail("no persistentvolumeclaim/" + name + " in " + namespace + "; bin/demo claims lists the claims");
        }
        return claim;
    }

    private static void need(String[] args, int count) {
        if (args.length < count) {
            System.err.println(USAGE);
            System.exit(2);
        }
    }
}
