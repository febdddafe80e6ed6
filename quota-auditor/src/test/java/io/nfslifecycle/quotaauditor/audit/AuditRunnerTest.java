package io.nfslifecycle.quotaauditor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import io.nfslifecycle.kit.kafka.ContractPublisher;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.kafka.AnnouncedFindings;
import io.nfslifecycle.quotaauditor.kafka.AuditPublisher;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;

/** The runner with the broker away: audits still run and report, and what was not published goes out later. */
class AuditRunnerTest {
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
        AuditRunner runner = new AuditRunner(config, new ExportView("nfs-1"), new ExportRootScan(root, pool),
                new FilesystemVolume(), new AuditPublisher(publisher), new NoEarlierFindings(), metrics);

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
