package io.nfslifecycle.quotaauditor.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The scan's speed target, as a benchmark, not a test (no timing threshold is asserted): a 200k-file, 40-claim
 * tree, cache warmed, {@code du -sb} and the scan timed in the same run, seven rounds, medians and their ratio.
 * Not matched by surefire's default includes; run it with
 *
 * <pre>./mvnw -B -q test -pl quota-auditor -Dtest=ScanBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * {@code -Dbenchmark.root=/some/dir} keeps the tree there (built once, reused); by default it lives under target/.
 */
class ScanBenchmark {
    private static final int CLAIMS = 40;
    private static final int FILES_PER_CLAIM = 5_000;
    private static final int FILES_PER_DIRECTORY = 100;
    private static final int ROUNDS = 7;

    @Test
    void scanOf200kFilesIn40ClaimsAgainstDu() throws Exception {
        Path root = Paths.get(System.getProperty("benchmark.root", "target/benchmark-tree")).toAbsolutePath();
        Set<String> claims = build(root).stream().map(c -> c.getFileName().toString()).collect(Collectors.toSet());
        ForkJoinPool pool = new ForkJoinPool(Integer.getInteger("benchmark.threads", 2));
        ExportRootScan walk = new ExportRootScan(root, pool);

        // warm the page and dentry caches, and the JIT, as the service is after its first run
        du(root);
        for (int i = 0; i < 3; i++) {
            walk.scan(claims, new LongAdder());
        }

        String loadBefore = loadAverage();
        long[] du = new long[ROUNDS];
        long[] scan = new long[ROUNDS];
        long files = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            du(root);
            du[i] = System.nanoTime() - start;
            LongAdder seen = new LongAdder();
            start = System.nanoTime();
            walk.scan(claims, seen);
            scan[i] = System.nanoTime() - start;
            files = seen.sum();
        }
        pool.shutdown();
        Arrays.sort(du);
        Arrays.sort(scan);
        long duMedian = du[ROUNDS / 2];
        long scanMedian = scan[ROUNDS / 2];
        System.out.printf("%nBENCHMARK %d claims, %d files: du -sb median %.1f ms, scan median %.1f ms, ratio %.2f "
                        + "(du rounds %s ms, scan rounds %s ms, %d cores, load average %s -> %s)%n%n",
                CLAIMS, files, duMedian / 1e6, scanMedian / 1e6, (double) scanMedian / duMedian,
                millis(du), millis(scan), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        System.out.printf("BENCH audit: the walk of %d files (warm cache) | %.3f s | du -sb | %.3f s%n%n", files,
                scanMedian / 1e9, duMedian / 1e9);
    }

    /** The 1-minute load average: on a shared machine the figures mean little when it exceeds the cores. */
    private static String loadAverage() throws IOException {
        Path loadavg = Paths.get("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "?";
    }

    private static String millis(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
    }

    private static List<Path> build(Path root) throws IOException {
        List<Path> claims = new ArrayList<>();
        byte[] content = "benchmark payload\n".getBytes(StandardCharsets.UTF_8);
        for (int c = 0; c < CLAIMS; c++) {
            Path claim = root.resolve("bench-data-" + c + "-pvc-" + c);
            claims.add(claim);
            Path marker = claim.resolve(".complete");
            if (Files.exists(marker)) {
                continue;
            }
            for (int f = 0; f < FILES_PER_CLAIM; f++) {
                Path dir = claim.resolve("d" + (f / FILES_PER_DIRECTORY));
                if (f % FILES_PER_DIRECTORY == 0) {
                    Files.createDirectories(dir);
                }
                Files.write(dir.resolve("f" + f), content);
            }
            Files.write(marker, content);
        }
        return claims;
    }

    private static void du(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-sb", root.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("du failed on " + root);
        }
    }
}
