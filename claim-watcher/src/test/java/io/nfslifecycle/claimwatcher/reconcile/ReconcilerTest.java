package io.nfslifecycle.claimwatcher.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.book.ExportBook;
import io.nfslifecycle.claimwatcher.plan.ClaimStatus;
import io.nfslifecycle.claimwatcher.plan.Notice;
import io.nfslifecycle.claimwatcher.plan.Plan;
import io.nfslifecycle.claimwatcher.plan.Scope;
import io.nfslifecycle.claimwatcher.plan.Settings;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ReclaimPolicy;

class ReconcilerTest {
    private final List<PersistentVolumeClaim> claims = new ArrayList<>();
    private final List<PersistentVolume> volumes = new ArrayList<>();
    private final List<ClaimEvent> published = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final List<PersistentVolume> created = new ArrayList<>();
    private final List<Duration> latencies = new ArrayList<>();
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicBoolean caughtUp = new AtomicBoolean(true);
    private final AtomicBoolean informerLags = new AtomicBoolean(false);
    private final AtomicBoolean apiRefuses = new AtomicBoolean(false);
    private final ExportBook book = new ExportBook();
    private final MovingClock clock = new MovingClock(Samples.T0.plusSeconds(30));
    private final Reconciler reconciler = new Reconciler(
            new Settings(Samples.PROVISIONER, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofMinutes(10)),
            book, new Reconciler.Ports(new Cluster(), new Writes(), this::publish, leading::get, caughtUp::get),
            clock, Runnable::run, latencies::add);

    @Test
    void publishesWhatWasMissedOnceKafkaIsBack() {
        // given a new claim while Kafka is away
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        kafkaUp.set(false);
        reconciler.reconcile();
        assertThat(published).isEmpty();
        assertThat(book.requests()).isEmpty();

        // when Kafka is back and the next reconcile runs
        kafkaUp.set(true);
        reconciler.reconcile();
        reconciler.reconcile();

        // then the claim is requested, once, and its owner told
        assertThat(published).singleElement().satisfies(e -> assertThat(e.claimUid()).isEqualTo("u-1"));
        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning");
    }

    @Test
    void aFollowerDecidesButNeitherPublishesNorWrites() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        leading.set(false);

        Plan plan = reconciler.reconcile();

        assertThat(plan.actions()).isNotEmpty();
        assertThat(published).isEmpty();
        assertThat(notices).isEmpty();
    }

    @Test
    void doesNotActBeforeTheExportsKnownAtStartWereRead() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        caughtUp.set(false);

        reconciler.reconcile();

        assertThat(published).isEmpty();
    }

    @Test
    void createsTheVolumeOnceAndMeasuresTheLatencyFromWhenItSawTheClaim() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi")); // created 30 s before the watcher sees it
        reconciler.reconcile();
        clock.advance(Duration.ofMillis(150));
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                clock.instant());

        reconciler.reconcile();
        reconciler.reconcile();

        assertThat(created).extracting(v -> v.getMetadata().getName()).containsExactly("pvc-u-1");
        assertThat(latencies).as("sub-second, from when it was seen, not from creationTimestamp")
                .containsExactly(Duration.ofMillis(150));
        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning", "ProvisioningSucceeded");
    }

    @Test
    void aClaimIsToldItsRequestBeforeItsVolumeEvenWhenKafkasAckComesLast() {
        answeredBeforeTheAck(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)));
        assertThat(created).extracting(v -> v.getMetadata().getName()).containsExactly("pvc-u-1");

        heldAcks.remove().complete(null);

        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning", "ProvisioningSucceeded");
    }

    @Test
    void aClaimIsToldItsRequestBeforeTheRefusalThatAnswersItEvenWhenKafkasAckComesLast() {
        answeredBeforeTheAck(new ExportFailed(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.INSUFFICIENT_CAPACITY, "5 GiB do not fit", false));

        heldAcks.remove().complete(null);

        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning", "ProvisioningFailed");
    }

    /** A claim is requested, and the export manager's answer is read and acted on before Kafka's ack comes. */
    private void answeredBeforeTheAck(io.nfslifecycle.events.ExportEvent answer) {
        holdAcks = true;
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        reconciler.reconcile();
        book.received(answer, clock.instant());
        reconciler.reconcile();
    }

    @Test
    void aRequestKafkaRefusesIsNotToldAndItsRetryIsToldOnce() {
        holdAcks = true;
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        reconciler.reconcile();
        heldAcks.remove().completeExceptionally(new IllegalStateException("broker not available"));
        assertThat(notices).isEmpty();

        holdAcks = false;
        reconciler.reconcile();

        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning");
    }

    @Test
    void twoRequestsOfOneClaimAreEachToldOnceWhenTheLaterAckComesFirst() {
        holdAcks = true;
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        reconciler.reconcile();
        clock.advance(Duration.ofMinutes(11)); // past the request timeout: asked again
        reconciler.reconcile();
        assertThat(published).hasSize(2);
        assertThat(notices).isEmpty();

        heldAcks.removeLast().complete(null);
        heldAcks.removeLast().complete(null);

        assertThat(notices).extracting(Notice::reason).containsExactly("Provisioning", "Provisioning");
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void tellsAFailureOnce() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        book.received(new ExportFailed(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.INVALID_NAME, "the path segment '..' is not allowed",
                false), clock.instant());

        reconciler.reconcile();
        reconciler.reconcile();

        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(Notice.WARNING);
            assertThat(n.message()).contains("INVALID_NAME", "'..' is not allowed");
        });
        assertThat(published).isEmpty();
    }

    @Test
    void aVolumePatchedToRetainAndThenDeletedKeepsItsDirectory() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                clock.instant());
        reconciler.reconcile();
        assertThat(volumes).singleElement();

        volumes.get(0).getSpec().setPersistentVolumeReclaimPolicy("Retain"); // kubectl patch pv
        reconciler.reconcile();
        claims.clear(); // kubectl delete pvc
        reconciler.reconcile();
        assertThat(published).isEmpty();
        volumes.clear(); // kubectl delete pv
        reconciler.reconcile();

        assertThat(published).singleElement().isInstanceOfSatisfying(ClaimReleased.class,
                r -> assertThat(r.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN));
    }

    @Test
    void aRetainedClaimDeletedBeforeTheInformerShowsItsVolumeKeepsItsDirectory() {
        informerLags.set(true);
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                clock.instant());
        volumePolicy = "Retain";
        reconciler.reconcile();
        assertThat(created).singleElement();

        claims.clear();
        reconciler.reconcile();

        assertThat(published).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClaimReleased.class,
                r -> assertThat(r.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN)));
    }

    @Test
    void aVolumePatchedToRetainAndThenDeletedKeepsItsDirectoryWhenOnlyWhatChangedIsLookedAt() {
        Scope claim = Scope.of(List.of("u-1"), List.of()); // what the informers tell of the claim and of its PV
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                clock.instant());
        reconciler.reconcile(claim);
        assertThat(volumes).singleElement();

        volumes.get(0).getSpec().setPersistentVolumeReclaimPolicy("Retain");
        reconciler.reconcile(claim);
        claims.clear();
        reconciler.reconcile(claim);
        assertThat(published).isEmpty();
        volumes.clear();
        reconciler.reconcile(claim);

        assertThat(published).singleElement().isInstanceOfSatisfying(ClaimReleased.class,
                r -> assertThat(r.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN));
    }

    @Test
    void aPlanOfOneClaimKeepsWhatTheWatcherKnowsOfTheOthers() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        claims.add(Samples.claim("shop", "logs", "u-2", "nfs", "1Gi"));
        reconciler.reconcile();

        claims.get(1).getSpec().getResources().setRequests(java.util.Map.of("storage",
                new io.fabric8.kubernetes.api.model.Quantity("2Gi")));
        Plan one = reconciler.reconcile(Scope.of(List.of("u-2"), List.of()));

        assertThat(one.claims()).extracting(ClaimStatus::uid).containsExactly("u-2");
        assertThat(reconciler.last().claims()).extracting(ClaimStatus::uid).containsExactly("u-1", "u-2");
        assertThat(reconciler.last().claims().get(1).requestedBytes()).isEqualTo(2L << 30);
    }

    @Test
    void theActionsOfDifferentClaimsAreCarriedOutSideBySide() throws Exception {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        claims.add(Samples.claim("shop", "logs", "u-2", "nfs", "5Gi"));
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                clock.instant());
        book.received(new ExportReady(Samples.export("shop", "logs", "u-2", 5L << 30, ExportPhase.READY)),
                clock.instant());
        // each create waits until the other one has started: done one after the other, neither would pass
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        List<String> madeSideBySide = java.util.Collections.synchronizedList(new ArrayList<>());
        Writes writes = new Writes() {
            @Override
            public Created createVolume(PersistentVolume volume) {
                try {
                    both.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    madeSideBySide.add(volume.getMetadata().getName());
                } catch (Exception e) {
                    throw new IllegalStateException("the other create never started", e);
                }
                return Created.CREATED;
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            new Reconciler(new Settings(Samples.PROVISIONER, Duration.ofMinutes(10), Duration.ofSeconds(10),
                    Duration.ofMinutes(10)), book, new Reconciler.Ports(new Cluster(), writes, this::publish,
                            leading::get, caughtUp::get), clock, pool, latencies::add).reconcile();
        } finally {
            pool.shutdownNow();
        }

        assertThat(madeSideBySide).containsExactlyInAnyOrder("pvc-u-1", "pvc-u-2");
    }

    @Test
    void aPublishKafkaRefusesAndAVolumeTheApiRefusesAreToldByClaimSoTheyAreDecidedAgainSoon() {
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> succeeded = java.util.Collections.synchronizedList(new ArrayList<>());
        reconciler.whenCarriedOut(succeeded::add, failed::add);
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        claims.add(Samples.claim("shop", "logs", "u-2", "nfs", "5Gi"));
        book.received(new ExportReady(Samples.export("shop", "logs", "u-2", 5L << 30, ExportPhase.READY)),
                clock.instant());
        kafkaUp.set(false);
        apiRefuses.set(true);

        reconciler.reconcile();

        assertThat(failed).containsExactlyInAnyOrder("u-1", "u-2");
        assertThat(succeeded).isEmpty();

        failed.clear();
        kafkaUp.set(true);
        apiRefuses.set(false);
        reconciler.reconcile();
        assertThat(failed).isEmpty();
        assertThat(succeeded).containsExactlyInAnyOrder("u-1", "u-2");
        assertThat(created).extracting(v -> v.getMetadata().getName()).containsExactly("pvc-u-2");
    }

    private String volumePolicy;

    /** While set, every publish is acknowledged when the test completes its ack in {@link #heldAcks}. */
    private boolean holdAcks;
    private final java.util.Deque<CompletableFuture<Void>> heldAcks = new java.util.ArrayDeque<>();

    private CompletionStage<Void> publish(ClaimEvent event) {
        if (holdAcks) {
            published.add(event);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            heldAcks.add(ack);
            return ack;
        }
        if (!kafkaUp.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not available"));
        }
        published.add(event);
        return CompletableFuture.completedFuture(null);
    }

    private final class Cluster implements ClusterView {
        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public Collection<StorageClass> storageClasses() {
            return List.of(Samples.ourClass("nfs"));
        }

        @Override
        public Collection<PersistentVolumeClaim> claims() {
            return claims;
        }

        @Override
        public Collection<PersistentVolume> volumes() {
            return volumes;
        }
    }

    private class Writes implements ClusterWrites {
        @Override
        public Created createVolume(PersistentVolume volume) {
            if (apiRefuses.get()) {
                return Created.FAILED;
            }
            boolean exists = volumes.stream()
                    .anyMatch(v -> v.getMetadata().getName().equals(volume.getMetadata().getName()));
            if (exists) {
                return Created.ALREADY_THERE;
            }
            if (volumePolicy != null) {
                volume.getSpec().setPersistentVolumeReclaimPolicy(volumePolicy);
            }
            if (!informerLags.get()) {
                volumes.add(volume);
            }
            created.add(volume);
            return Created.CREATED;
        }

        @Override
        public boolean resizeVolume(String volumeName, long bytes) {
            return true;
        }

        @Override
        public boolean annotateVolume(String volumeName, String key, String value) {
            return true;
        }

        @Override
        public boolean claimCapacity(PersistentVolumeClaim claim, long bytes) {
            return true;
        }

        @Override
        public boolean deleteVolume(String volumeName) {
            return volumes.removeIf(v -> v.getMetadata().getName().equals(volumeName));
        }

        @Override
        public boolean record(Notice notice) {
            notices.add(notice);
            return true;
        }
    }
}
