package io.nfslifecycle.exportmanager.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/** Not a test: the lifecycle alone (filesystem and fsynced records, no Kafka) on 1000 claims and 10,000 replays. */
class LifecycleBenchmark {
    @TempDir
    Path base;

    @Test
    void measure() throws Exception {
        Workspace workspace = new Workspace(base.resolve("exports"), base.resolve("state"),
                new AdmissionPolicy(1.0, false), Workspace.volumeOf(1L << 50));
        ExportLifecycle lifecycle = workspace.start();
        ClaimRequested[] claims = new ClaimRequested[1000];
        for (int i = 0; i < claims.length; i++) {
            claims[i] = Claims.requested(UUID.randomUUID().toString(), "bench", "c" + i, 1 << 20, OnDelete.DELETE);
        }
        long start = System.nanoTime();
        for (ClaimRequested claim : claims) {
            lifecycle.handle(claim);
        }
        double created = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            lifecycle.handle(claims[i % claims.length]);
        }
        double replayed = (System.nanoTime() - start) / 1e9;

        // the same on 8 threads, as the export manager's claim workers handle different claims
        ClaimRequested[] more = new ClaimRequested[1000];
        for (int i = 0; i < more.length; i++) {
            more[i] = Claims.requested(UUID.randomUUID().toString(), "bench", "d" + i, 1 << 20, OnDelete.DELETE);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        start = System.nanoTime();
        List<Future<Handled>> done = new ArrayList<>();
        for (ClaimRequested claim : more) {
            done.add(pool.submit(() -> lifecycle.handle(claim)));
        }
        for (Future<Handled> f : done) {
            f.get();
        }
        double concurrent = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%nLIFECYCLE 1000 creates: %.2f s; 10000 replays: %.2f s; 1000 creates on 8 threads: "
                + "%.2f s%n%n", created, replayed, concurrent);
    }
}
