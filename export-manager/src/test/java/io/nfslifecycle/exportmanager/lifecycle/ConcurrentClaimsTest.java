package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.store.ExportStore;

/**
 * Claims handled by several threads at once, as the export manager's claim workers do: the decisions that look at
 * other claims (admission, whose directory a name is, shared parents) stay exact.
 */
class ConcurrentClaimsTest {
    private static final int THREADS = 8;

    @TempDir
    Path base;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Runs every task at once (released together), returns their results. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    @Test
    void admitsExactlyWhatFitsWhenClaimsArriveTogether() throws Exception {
        // room for 10 claims of 1 GiB; 40 ask at once
        Workspace workspace = new Workspace(base.resolve("exports"), base.resolve("state"),
                new AdmissionPolicy(1.0, false), Workspace.volumeOf(10 * Claims.GIB));
        ExportLifecycle lifecycle = workspace.start();
        List<Callable<Handled>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ClaimRequested claim = Claims.requested(UUID.randomUUID().toString(), "shop", "c" + i, Claims.GIB,
                    OnDelete.ARCHIVE);
            tasks.add(() -> lifecycle.handle(claim));
        }

        List<Handled> results = together(tasks);

        long ready = results.stream().filter(h -> h.results().get(0) instanceof ExportReady).count();
        long refused = results.stream().filter(h -> h.results().get(0) instanceof ExportFailed f
                && ExportFailed.INSUFFICIENT_CAPACITY.equals(f.code())).count();
        assertThat(ready).isEqualTo(10);
        assertThat(refused).isEqualTo(30);
        assertThat(lifecycle.store().provisionedBytes()).isEqualTo(10 * Claims.GIB);
        assertThat(lifecycle.store().liveCount()).isEqualTo(10);
        try (Stream<Path> directories = Files.list(workspace.root)) {
            assertThat(directories.count()).isEqualTo(10);
        }
        // what is on disk says the same after a restart
        ExportStore reread = ExportStore.open(workspace.state);
        assertThat(reread.provisionedBytes()).isEqualTo(10 * Claims.GIB);
        assertThat(reread.all().stream().filter(s -> s.export().phase() == ExportPhase.READY)).hasSize(10);
    }

    /** {@code count} claims of 1 MiB in namespace shop, named c0, c1, ..., with that pathPattern, all at once. */
    private List<Handled> requestTogether(ExportLifecycle lifecycle, int count, String pathPattern) throws Exception {
        List<Callable<Handled>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClaimRequested claim = Claims.requested(UUID.randomUUID().toString(), "shop", "c" + i, 1 << 20,
                    OnDelete.ARCHIVE, pathPattern, Map.of(), Map.of(), "nfs-1");
            tasks.add(() -> lifecycle.handle(claim));
        }
        return together(tasks);
    }

    @Test
    void claimsUnderOneNewParentAllGetTheirDirectory() throws Exception {
        Workspace workspace = new Workspace(base);

        // every claim's directory is under shop/, which none of them finds there
        List<Handled> results = requestTogether(workspace.start(), 32, "${.PVC.namespace}/${.PVC.name}");

        assertThat(results).allSatisfy(h -> assertThat(h.results().get(0)).isInstanceOf(ExportReady.class));
        try (Stream<Path> directories = Files.list(workspace.root.resolve("shop"))) {
            assertThat(directories.count()).isEqualTo(32);
        }
    }

    @Test
    void twoClaimsForOneDirectoryGiveItToOne() throws Exception {
        Workspace workspace = new Workspace(base);

        // a pathPattern without the claim's name: all 16 want shop/shared
        List<Handled> results = requestTogether(workspace.start(), 16, "${.PVC.namespace}/shared");

        assertThat(results.stream().filter(h -> h.results().get(0) instanceof ExportReady)).hasSize(1);
        assertThat(results.stream().filter(h -> h.results().get(0) instanceof ExportFailed f
                && ExportFailed.PATH_CONFLICT.equals(f.code()))).hasSize(15);
    }
}
