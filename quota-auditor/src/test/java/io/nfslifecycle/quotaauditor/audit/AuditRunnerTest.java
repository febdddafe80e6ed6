package io.nfslifecycle.quotaauditor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.quotaauditor.findings.Finding;
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.kafka.ExportsFromStart;
import io.nfslifecycle.quotaauditor.kafka.AnnouncedFindings;
import io.nfslifecycle.quotaauditor.kafka.AuditPublisher;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;
import io.nfslifecycle.quotaauditor.scan.ProjectUsage;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The runner with the broker away (audits still run and report, and what was not published goes out later); with
 * project quotas to read; and with a claim made, or let go, while a run walks the root (no false orphan, no false
 * missing directory).
 */
class AuditRunnerTest {
    private static final long GIB = 1L << 30;
    private final ForkJoinPool pool = new ForkJoinPool(2);

    @TempDir
    Path root;

    @AfterEach
    void stopPool() {
        pool.shutdown();
    }

    @Test
    void withTheBrokerAwayARunStillReportsAndItsFindingsGoOutOnTheNextRun() throws Exception {
        Files.createDirectories(root.resolve("stray"));
        MockProducer<String, byte[]> broker = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditMetrics metrics = new AuditMetrics(registry);
        QuotaAuditorConfig config = config(root);
        ContractPublisher publisher = new ContractPublisher(new EventCodec("/nfs-lifecycle/quota-auditor/nfs-1"),
                broker, registry);
        AuditRunner runner = new AuditRunner(config, new ExportView("nfs-1"), new ExportsFromStart(),
                new ExportRootScan(root, pool), new FilesystemVolume(), new ProjectUsage(root),
                new AuditPublisher(publisher), new NoEarlierFindings(), metrics);

        broker.sendException = new IllegalStateException("broker away");
        RunStatus away = complete(runner, runner.trigger("api").runId());
        broker.sendException = null;
        RunStatus back = complete(runner, runner.trigger("api").runId());
        RunStatus after = complete(runner, runner.trigger("api").runId());

        assertThat(away.state()).isEqualTo(RunStatus.State.COMPLETED);
        assertThat(away.changesPublished()).isZero();
        assertThat(runner.latest()).hasValueSatisfying(r -> assertThat(r.findings()).hasSize(1));
        assertThat(back.changesPublished()).isEqualTo(1);
        assertThat(after.changesPublished()).isZero();
        assertThat(broker.history().stream().map(r -> new String(r.headers().lastHeader("ce_type").value())))
                .containsExactly("io.nfs-lifecycle.audit.finding.v1", "io.nfs-lifecycle.audit.completed.v1",
                "io.nfs-lifecycle.audit.completed.v1");
    }

    @Test
    void whereClaimsHaveProjectsARunReadsTheQuotasAndOneInWalkEveryWalksToo() throws Exception {
        Path dir = Files.createDirectories(root.resolve("shop-data-pvc-u1"));
        Files.write(dir.resolve("small"), new byte[4096]);
        ExportView view = new ExportView("nfs-1");
        view.apply(new ExportRecord("u1", "shop", "data", "pvc-u1", "nfs-1", "127.0.0.1", dir.toString(), 10 * GIB,
                List.of("ReadWriteMany"), OnDelete.DELETE, ExportPhase.READY, "", Instant.EPOCH, Instant.EPOCH)
                .withProjectId(10_000));
        // statfs of a directory whose project has a limit: the limit as its size, the limit less the charge as free
        // (the root: the volume's own figures)
        ProjectUsage.Statfs kernel = directory -> directory.equals(root) ? new long[] {50 * GIB, 40 * GIB}
                : new long[] {10 * GIB, 10 * GIB - (9_500L << 20)};
        AuditRunner runner = runner(view, new FilesystemVolume(), new ProjectUsage(root, kernel));

        List<RunStatus> runs = new java.util.ArrayList<>();
        List<List<FindingKind>> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(complete(runner, runner.trigger("api").runId()));
            kinds.add(runner.latest().orElseThrow().findings().stream().map(Finding::kind).toList());
        }
        assertThat(runs).extracting(RunStatus::filesScanned).as("walk every 3: runs 1 and 4 walk")
                .containsExactly(1L, 0L, 0L, 1L);
        assertThat(kinds.get(0)).as("the quota's figure counts; the walk disagrees with it")
                .containsExactlyInAnyOrder(FindingKind.NEAR_QUOTA, FindingKind.QUOTA_MISMATCH);
        assertThat(kinds.get(1)).containsExactly(FindingKind.NEAR_QUOTA);
        assertThat(runner.latest().orElseThrow().claims()).singleElement()
                .satisfies(c -> assertThat(c.usedBytes()).isEqualTo(9_500L << 20));
    }

    @Test
    void aDirectoryWhoseExportIsReadWhileTheRunScansIsNoOrphanAndAStrayOneStillIs() throws Exception {
        Path made = Files.createDirectories(root.resolve("shop-new-pvc-u2"));
        Files.createDirectories(root.resolve("stray"));
        ExportView view = new ExportView("nfs-1");
        // the volume's figures are read after the root was listed: the claim's export.ready is read then
        FilesystemVolume volume = readAfter(() -> view.apply(readyAt("u2", "new", made)));
        AuditRunner runner = runner(view, volume, new ProjectUsage(root));

        complete(runner, runner.trigger("api").runId());

        assertThat(runner.latest().orElseThrow().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.ORPHAN_DIRECTORY);
            assertThat(f.path()).isEqualTo("stray");
        });
    }

    @Test
    void aClaimLetGoWhileTheRunScansIsNoMissingDirectoryAndOneStillReadyIs() throws Exception {
        ExportView view = new ExportView("nfs-1");
        ExportRecord archived = readyAt("u3", "gone", root.resolve("shop-gone-pvc-u3"));
        view.apply(archived);
        view.apply(readyAt("u4", "lost", root.resolve("shop-lost-pvc-u4")));
        // the export manager renamed u3's directory away before the run listed the root; its record comes after
        FilesystemVolume volume = readAfter(
                () -> view.apply(archived.withPhase(ExportPhase.ARCHIVED, "", Instant.EPOCH.plusSeconds(1))));
        AuditRunner runner = runner(view, volume, new ProjectUsage(root));

        complete(runner, runner.trigger("api").runId());

        assertThat(runner.latest().orElseThrow().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.MISSING_DIRECTORY);
            assertThat(f.claimUid()).isEqualTo("u4");
        });
    }

    @Test
    void aRunTheServicesStopCutsShortEndsAsStoppedAndTheNextStartAuditsAgain() throws Exception {
        ExportView view = new ExportView("nfs-1");
        AuditRunner[] runner = new AuditRunner[1];
        // the service stops while the run reads the volume: what the run asks for next is gone with the service
        FilesystemVolume volume = readAfter(() -> {
            runner[0].stopping(new ShutdownEvent());
            throw new IllegalStateException("ArC container not initialized");
        });
        runner[0] = runner(view, volume, new ProjectUsage(root));

        RunStatus run = complete(runner[0], runner[0].trigger("start").runId());

        assertThat(run.state()).isEqualTo(RunStatus.State.FAILED);
        assertThat(run.error()).isEqualTo(AuditRunner.STOPPED);
    }

    @Test
    void aRunThatFailsWhileTheServiceRunsSaysWhy() throws Exception {
        AuditRunner runner = runner(new ExportView("nfs-1"), readAfter(() -> {
            throw new IllegalStateException("statvfs refused");
        }), new ProjectUsage(root));

        RunStatus run = complete(runner, runner.trigger("api").runId());

        assertThat(run.state()).isEqualTo(RunStatus.State.FAILED);
        assertThat(run.error()).isEqualTo("statvfs refused");
    }

    /** A runner publishing to a broker that takes everything. */
    private AuditRunner runner(ExportView view, FilesystemVolume volume, ProjectUsage quotas) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new AuditRunner(config(root), view, new ExportsFromStart(), new ExportRootScan(root, pool), volume,
                quotas, new AuditPublisher(new ContractPublisher(new EventCodec("/nfs-lifecycle/quota-auditor/nfs-1"),
                        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), registry)),
                new NoEarlierFindings(), new AuditMetrics(registry));
    }

    /** The volume's figures, read after the root was listed and walked: {@code meanwhile} happens first. */
    private static FilesystemVolume readAfter(Runnable meanwhile) {
        return new FilesystemVolume() {
            @Override
            public io.nfslifecycle.quotaauditor.findings.VolumeFigures read(Path exportRoot) {
                meanwhile.run();
                return super.read(exportRoot);
            }
        };
    }

    private static ExportRecord readyAt(String uid, String claim, Path directory) {
        return new ExportRecord(uid, "shop", claim, "pvc-" + uid, "nfs-1", "127.0.0.1", directory.toString(), GIB,
                List.of("ReadWriteMany"), OnDelete.ARCHIVE, ExportPhase.READY, "", Instant.EPOCH, Instant.EPOCH);
    }

    private static RunStatus complete(AuditRunner runner, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.run(id).orElseThrow().state() != RunStatus.State.RUNNING);
        return runner.run(id).orElseThrow();
    }

    static final class NoEarlierFindings extends AnnouncedFindings {
        @Override
        public Optional<java.util.Map<io.nfslifecycle.quotaauditor.findings.Finding.Id, io.nfslifecycle.quotaauditor.findings.Finding>> read(
                String serverId, Duration wait) {
            return Optional.of(java.util.Map.of());
        }
    }

    private static QuotaAuditorConfig config(Path root) {
        return new QuotaAuditorConfig() {
            public String serverId() {
                return "nfs-1";
            }

            public Path exportRoot() {
                return root;
            }

            public Optional<String> nfsPath() {
                return Optional.empty();
            }

            public Optional<String> apiToken() {
                return Optional.empty();
            }

            public Audit audit() {
                return new Audit() {
                    public String interval() {
                        return "off";
                    }

                    public boolean runAtStart() {
                        return false;
                    }

                    public Duration catchUpTimeout() {
                        return Duration.ofSeconds(1);
                    }

                    public int parallelism() {
                        return 2;
                    }

                    public Duration progressInterval() {
                        return Duration.ofSeconds(10);
                    }

                    public int runsKept() {
                        return 10;
                    }

                    public int walkEvery() {
                        return 3;
                    }
                };
            }

            public Thresholds thresholds() {
                return new Thresholds() {
                    public double nearQuotaShare() {
                        return 0.9;
                    }

                    public double volumePressureShare() {
                        return 0.999;
                    }

                    public long archiveBacklogBytes() {
                        return 0;
                    }

                    public double significantChange() {
                        return 0.01;
                    }
                };
            }
        };
    }
}
