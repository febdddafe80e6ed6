package io.nfslifecycle.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.lifecycle.LifecycleProducer;
import io.nfslifecycle.exportmanager.lifecycle.StepListener;
import io.nfslifecycle.exportmanager.quota.QuotaMode;
import io.nfslifecycle.exportmanager.reporting.VolumeStats;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.ProjectUsage;

/**
 * Runs inside the guest of {@link ProjectQuotaBenchmark}: 40 claims made by the export manager's lifecycle with
 * project quotas, 5,000 small files in each (200,000 in all), then the audit's two ways of knowing what each uses,
 * timed warm: the quota accounting read in one pass, and the walk; {@code du -sB1} of the root beside them.
 */
public final class GuestAuditBenchmark {
    private static final int CLAIMS = 40;
    private static final int FILES = 5_000;
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        StringBuilder out = new StringBuilder();
        try {
            run(root, Path.of(args[2]), out);
        } catch (Throwable e) {
            out.append("error=").append(e).append('\n');
        }
        Files.writeString(Path.of(args[1]), out.toString(), StandardCharsets.UTF_8);
    }

    private static void run(Path root, Path state, StringBuilder out) throws Exception {
        ExportRoot exportRoot = new ExportRoot(root);
        ExportLifecycle lifecycle = new ExportLifecycle(new ExportLifecycle.Settings("nfs-1", "127.0.0.1",
                root.toString(), LifecycleProducer.mode("0777"), new AdmissionPolicy(100.0, false)), exportRoot,
                ExportStore.open(state), new VolumeStats(exportRoot.path()),
                ClaimQuotas.detect(QuotaMode.REQUIRED, root, 10_000), Clock.systemUTC(), StepListener.NONE);
        Set<String> owned = new HashSet<>();
        byte[] content = new byte[100];
        for (int c = 0; c < CLAIMS; c++) {
            String uid = "c" + c;
            lifecycle.handle(new ClaimRequested(uid, "bench", "data-" + uid, "pvc-" + uid, "nfs", "nfs-1",
                    64L << 20, List.of("ReadWriteMany"), OnDelete.DELETE, "", Map.of(), Map.of()));
            String directory = lifecycle.store().get(uid).orElseThrow().export().directory();
            owned.add(directory);
            Path dir = root.resolve(directory);
            for (int d = 0; d < FILES / 500; d++) {
                Path sub = Files.createDirectory(dir.resolve("d" + d));
                for (int f = 0; f < 500; f++) {
                    Files.write(sub.resolve("f" + f), content);
                }
            }
        }
        out.append("files=").append(CLAIMS * FILES).append('\n');
        ProjectUsage quotas = new ProjectUsage(root);
        Map<String, ProjectUsage.Project> projects = new java.util.HashMap<>();
        for (String directory : owned) {
            projects.put(directory, new ProjectUsage.Project(0, 64L << 20));
        }
        ExportRootScan scan = new ExportRootScan(root, new ForkJoinPool(2));
        scan.scan(owned, new LongAdder()); // warm the caches once
        out.append("quota.ms=").append(median(() -> quotas.read(projects))).append('\n');
        out.append("walk.ms=").append(median(() -> scan.scan(owned, new LongAdder()))).append('\n');
        out.append("du.ms=").append(median(() -> du(root))).append('\n');
        out.append("quota.projects=").append(quotas.read(projects).size()).append('\n');
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static long median(Timed work) throws Exception {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            work.run();
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(millis);
        return millis[ROUNDS / 2];
    }

    private static void du(Path root) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("du", "-sB1", root.toString()));
        Process du = new ProcessBuilder(command).redirectErrorStream(true).start();
        du.getInputStream().readAllBytes();
        du.waitFor();
    }
}
