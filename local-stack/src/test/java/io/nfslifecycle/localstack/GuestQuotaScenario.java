package io.nfslifecycle.localstack;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.lifecycle.LifecycleProducer;
import io.nfslifecycle.exportmanager.lifecycle.StepListener;
import io.nfslifecycle.exportmanager.quota.QuotaMode;
import io.nfslifecycle.exportmanager.reporting.VolumeStats;
import io.nfslifecycle.kit.quota.LinuxProjectQuotas;
import io.nfslifecycle.kit.quota.ProjectQuotas.ProjectUsage;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;

/**
 * Runs inside the User-mode Linux guest of {@link ProjectQuotaKernelIT}, on a freshly made XFS or ext4 filesystem
 * mounted with prjquota: the export manager's lifecycle with project quotas found out as at start, two claims of
 * 5 MiB, writes past one of them as root and as an unprivileged pod would, a resize, statfs of the directory, the
 * quota auditor's walk against the quota's figure, and a delete. Every fact goes to the result file as
 * {@code key=value}, for the test on the host to judge.
 */
public final class GuestQuotaScenario {
    static final long MIB = 1024 * 1024;
    private final Map<String, String> facts = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path result = Path.of(args[1]);
        GuestQuotaScenario scenario = new GuestQuotaScenario();
        try {
            scenario.run(root, Path.of(args[2]));
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            scenario.facts.put("error", trace.toString().replace('\n', '|'));
        }
        StringBuilder text = new StringBuilder();
        scenario.facts.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(result, text.toString(), StandardCharsets.UTF_8);
    }

    private void run(Path root, Path state) throws Exception {
        ClaimQuotas quotas = ClaimQuotas.detect(QuotaMode.REQUIRED, root, 10_000);
        fact("quotas", quotas.status().text());
        ExportRoot exportRoot = new ExportRoot(root);
        ExportLifecycle lifecycle = new ExportLifecycle(new ExportLifecycle.Settings("nfs-1", "127.0.0.1",
                root.toString(), LifecycleProducer.mode("0777"), new AdmissionPolicy(1.0, true)), exportRoot,
                io.nfslifecycle.exportmanager.store.ExportStore.open(state), new VolumeStats(exportRoot.path()),
                quotas, Clock.systemUTC(), StepListener.NONE);
        ClaimRequested a = claim("a");
        ClaimRequested b = claim("b");
        lifecycle.handle(a);
        lifecycle.handle(b);
        ExportRecord recordA = lifecycle.store().get("a").orElseThrow().export();
        fact("a.phase", recordA.phase());
        fact("a.project", recordA.projectId());
        fact("b.project", lifecycle.store().get("b").orElseThrow().export().projectId());
        Path dirA = root.resolve(recordA.directory());
        Path dirB = root.resolve(lifecycle.store().get("b").orElseThrow().export().directory());
        LinuxProjectQuotas port = new LinuxProjectQuotas(root);
        fact("a.tagged", port.projectOf(dirA));
        fact("a.limit", port.usage(recordA.projectId()).limitBytes());
        fact("a.statfs.total", Files.getFileStore(dirA).getTotalSpace());

        write("a.user", dirA.resolve("user"), 10, true);
        write("a.root", dirA.resolve("root"), 10, false);
        write("b.user", dirB.resolve("user"), 1, true);
        fact("a.used", port.usage(recordA.projectId()).usedBytes());

        Files.deleteIfExists(dirA.resolve("root"));
        Files.deleteIfExists(dirA.resolve("user"));
        lifecycle.handle(new ClaimResized("a", "shop", "data-a", "nfs-1", 20 * MIB, "pvc-a"));
        fact("resized.limit", port.usage(recordA.projectId()).limitBytes());
        fact("resized.statfs.total", Files.getFileStore(dirA).getTotalSpace());
        write("resized.user", dirA.resolve("user"), 10, true);

        // what the auditor reads without a walk, against its walk of the same directory
        io.nfslifecycle.quotaauditor.findings.QuotaFigures usage = new io.nfslifecycle.quotaauditor.scan.ProjectUsage(
                root).read(Map.of(recordA.directory(), new io.nfslifecycle.quotaauditor.scan.ProjectUsage.Project(
                        recordA.projectId(), 20 * MIB))).get(recordA.directory());
        ExportRootScan.Result scan = new ExportRootScan(root, ForkJoinPool.commonPool())
                .scan(Set.of(recordA.directory()), new LongAdder());
        ObservedDirectory walked = scan.directories().stream()
                .filter(d -> d.relativePath().equals(recordA.directory())).findFirst().orElseThrow();
        fact("audit.quota.used", usage.usedBytes());
        fact("audit.walk.allocated", walked.measurement().allocatedBytes());
        fact("audit.kernel.used", port.usage(recordA.projectId()).usedBytes());

        // a request that is no whole block: the limit the kernel keeps is the one the records expect, so a restart
        // and a sweep find nothing changed by hand
        ClaimRequested odd = new ClaimRequested("c", "shop", "data-c", "pvc-c", "nfs", "nfs-1", 5 * MIB + 1,
                List.of("ReadWriteMany"), OnDelete.DELETE, "", Map.of(), Map.of());
        lifecycle.handle(odd);
        fact("odd.limit", port.usage(lifecycle.store().get("c").orElseThrow().export().projectId()).limitBytes());
        lifecycle.reconcile();
        lifecycle.sweep("c");
        fact("odd.putBack", lifecycle.quotaLimitsPutBack());

        lifecycle.handle(new ClaimReleased("a", "shop", "data-a", "pvc-a", "nfs-1"));
        fact("deleted.phase", lifecycle.store().get("a").orElseThrow().export().phase());
        fact("deleted.exists", Files.exists(dirA));
        // XFS frees unlinked inodes in the background (and uncharges them then): a syncfs waits for that
        new ProcessBuilder("sync", "-f", root.toString()).inheritIO().start().waitFor();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> port.all(10_000)
                .stream().filter(p -> p.projectId() == recordA.projectId()).allMatch(p -> p.usedBytes() == 0));
        // XFS forgets a project with no limit and no use; ext4 keeps listing it, with nothing charged or limited
        ProjectUsage left = port.all(10_000).stream().filter(p -> p.projectId() == recordA.projectId()).findFirst()
                .orElse(new ProjectUsage(recordA.projectId(), 0, 0, 0));
        fact("deleted.project.listed", port.all(10_000).stream().anyMatch(p -> p.projectId() == recordA.projectId()));
        fact("deleted.project.limit", left.limitBytes());
        fact("deleted.project.used", left.usedBytes());
        fact("deleted.project.files", left.files());
        fact("projects.left", port.all(10_000).size());
    }

    private static ClaimRequested claim(String uid) {
        return new ClaimRequested(uid, "shop", "data-" + uid, "pvc-" + uid, "nfs", "nfs-1", 5 * MIB,
                List.of("ReadWriteMany"), OnDelete.DELETE, "", Map.of(), Map.of());
    }

    /** Writes {@code mib} MiB with dd, as root or as nobody (a pod's unprivileged uid): how far it got, and why not. */
    private void write(String key, Path file, int mib, boolean unprivileged) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        if (unprivileged) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"));
        }
        command.addAll(List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mib, "conv=fsync"));
        Process dd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = dd.waitFor();
        fact(key + ".exit", exit);
        fact(key + ".bytes", Files.exists(file) ? Files.size(file) : -1);
        String error = output.lines().filter(l -> l.startsWith("dd: ")).findFirst().orElse("");
        fact(key + ".error", error.contains(": ") ? error.substring(error.lastIndexOf(": ") + 2) : error);
    }

    private void fact(String key, Object value) {
        facts.put(key, String.valueOf(value).replace('\n', ' '));
    }
}
