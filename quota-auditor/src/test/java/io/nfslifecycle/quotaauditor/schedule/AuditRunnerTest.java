package io.nfslifecycle.quotaauditor.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.kafka.AnnouncedFindings;
import io.nfslifecycle.quotaauditor.kafka.AuditPublisher;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

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
        Broker broker = new Broker();
        AuditMetrics metrics = new AuditMetrics(new SimpleMeterRegistry());
        QuotaAuditorConfig config = config(root);
        AuditRunner runner = new AuditRunner(config, new ExportView("nfs-1"), new ExportRootScan(root, pool),
                new FilesystemVolume(), new AuditPublisher(broker, config, metrics), new NoEarlierFindings(), metrics);

        broker.up = false;
        RunStatus away = complete(runner, runner.trigger("api").runId());
        broker.up = true;
        RunStatus back = complete(runner, runner.trigger("api").runId());
        RunStatus after = complete(runner, runner.trigger("api").runId());

        assertThat(away.state()).isEqualTo(RunStatus.State.COMPLETED);
        assertThat(away.changesPublished()).isZero();
        assertThat(runner.latest()).hasValueSatisfying(r -> assertThat(r.findings()).hasSize(1));
        assertThat(back.changesPublished()).isEqualTo(1);
        assertThat(after.changesPublished()).isZero();
        assertThat(broker.types).containsExactly("io.nfs-lifecycle.audit.finding.v1", "io.nfs-lifecycle.audit.completed.v1",
                "io.nfs-lifecycle.audit.completed.v1");
    }

    private static RunStatus complete(AuditRunner runner, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.run(id).orElseThrow().state() != RunStatus.State.RUNNING);
        return runner.run(id).orElseThrow();
    }

    /** Acknowledges what it is sent while up, refuses it while down; keeps the types it took. */
    static final class Broker implements Emitter<byte[]> {
        volatile boolean up = true;
        final List<String> types = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends byte[]>> void send(M message) {
            if (!up) {
                message.nack(new IllegalStateException("broker away"));
                return;
            }
            OutgoingKafkaRecordMetadata<String> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            types.add(new String(kafka.getHeaders().lastHeader("ce_type").value()));
            message.ack();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
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
