package io.nfslifecycle.claimwatcher.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * A plan of what changed decides for those claims exactly as a plan of everything does: for every claim of a cluster
 * with one of each situation, the plan scoped to that claim holds the same actions, status and wake-up for it as the
 * plan of everything.
 */
class ScopedPlanTest {
    private static final Instant NOW = Samples.T0.plusSeconds(600);
    private static final Settings SETTINGS = new Settings(Samples.PROVISIONER, Duration.ofMinutes(10),
            Duration.ofSeconds(10), Duration.ofMinutes(10));
    private static final long GI = 1L << 30;

    private final List<StorageClass> classes = List.of(Samples.ourClass("nfs"));
    private final List<PersistentVolumeClaim> claims = new ArrayList<>();
    private final List<PersistentVolume> volumes = new ArrayList<>();
    private final Map<String, ExportState> exports = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, ReclaimPolicy> volumesSeen = new HashMap<>();

    @Test
    void aPlanOfOneClaimDecidesForItAsThePlanOfEverythingDoes() {
        everySituation();
        Observed observed = observed();
        Plan everything = ClaimDecisions.plan(observed, NOW, SETTINGS);
        assertThat(everything.batches().keySet()).as("every situation asks for something")
                .contains("u-new", "u-ready", "u-grow", "u-gone", "u-orphan", "u-retain", "u-failed", "u-clone",
                        "u-reclaimed");

        Set<String> uids = new HashSet<>(everything.batches().keySet());
        everything.claims().forEach(c -> uids.add(c.uid()));
        for (String uid : uids) {
            Plan one = ClaimDecisions.plan(observed, NOW, SETTINGS,
                    Scope.of(List.of(uid), List.of()).reach(observed.cluster()));
            assertThat(one.batches().get(uid)).as(uid).isEqualTo(everything.batches().get(uid));
            assertThat(status(one, uid)).as(uid).isEqualTo(status(everything, uid));
            assertThat(one.wakeUps().get(uid)).as(uid).isEqualTo(everything.wakeUps().get(uid));
        }
    }

    @Test
    void aChangedVolumeReachesItsClaimAndAChangedClaimTheClonesWaitingForIt() {
        everySituation();
        Cluster cluster = observed().cluster();

        Scope volume = Scope.of(List.of(), List.of("pvc-u-gone")).reach(cluster);
        Scope source = Scope.of(List.of("u-bound"), List.of()).reach(cluster);

        assertThat(volume.claims()).containsExactly("u-gone");
        assertThat(source.claims()).containsExactlyInAnyOrder("u-bound", "u-clone");
        assertThat(source.volumes()).containsExactly("pvc-u-bound");
    }

    @Test
    void aPlanOfOneClaimLooksAtNoOtherClaim() {
        everySituation();
        Observed observed = observed();
        Cluster counting = new CountingCluster(observed.cluster());
        Observed scoped = new Observed(counting, exports, Map.of(), Set.of(), seen, volumesSeen,
                new Servers(true, Map.of("nfs-1", NOW)));

        ClaimDecisions.plan(scoped, NOW, SETTINGS, Scope.of(List.of("u-new"), List.of()).reach(counting));

        assertThat(((CountingCluster) counting).listed).as("no list of every claim or volume").isZero();
    }

    private void everySituation() {
        claims.add(Samples.claim("shop", "new", "u-new", "nfs", "1Gi"));
        claims.add(Samples.claim("shop", "ready", "u-ready", "nfs", "1Gi"));
        received(new ExportReady(Samples.export("shop", "ready", "u-ready", GI, ExportPhase.READY)));
        bound("bound", "u-bound", "1Gi");
        bound("grow", "u-grow", "1Gi").getSpec().getResources().setRequests(Map.of("storage", new Quantity("2Gi")));
        PersistentVolume gone = volumeFor(Samples.claim("shop", "gone", "u-gone", "nfs", "1Gi"));
        gone.setStatus(new PersistentVolumeStatusBuilder().withPhase("Released").build());
        volumes.add(gone);
        received(new ExportReady(Samples.export("shop", "gone", "u-gone", GI, ExportPhase.READY)));
        seen.add("u-gone");
        received(new ExportReady(Samples.export("shop", "orphan", "u-orphan", GI, ExportPhase.READY)));
        seen.add("u-orphan");
        received(new ExportReady(Samples.export("shop", "retain", "u-retain", GI, ExportPhase.READY)));
        seen.add("u-retain");
        volumesSeen.put("u-retain", ReclaimPolicy.RETAIN);
        claims.add(Samples.claim("shop", "failed", "u-failed", "nfs", "1Gi"));
        received(new ExportFailed(Samples.export("shop", "failed", "u-failed", GI, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.INSUFFICIENT_CAPACITY, "full", true));
        claims.add(cloneOf("clone", "u-clone", "bound"));
        claims.add(cloneOf("waits", "u-waits", "new"));
        PersistentVolume reclaimed = volumeFor(Samples.claim("shop", "reclaimed", "u-reclaimed", "nfs", "1Gi"));
        reclaimed.setStatus(new PersistentVolumeStatusBuilder().withPhase("Released").build());
        volumes.add(reclaimed);
        received(new ExportReclaimed(Samples.export("shop", "reclaimed", "u-reclaimed", GI, ExportPhase.ARCHIVED),
                "/mnt/data/archived-shop-reclaimed"));
    }

    private PersistentVolumeClaim bound(String name, String uid, String size) {
        PersistentVolumeClaim claim = Samples.claim("shop", name, uid, "nfs", size);
        claim.getSpec().setVolumeName(DesiredVolume.name(uid));
        claim.getStatus().setPhase("Bound");
        claims.add(claim);
        volumes.add(volumeFor(claim));
        received(new ExportReady(Samples.export("shop", name, uid, GI, ExportPhase.READY)));
        seen.add(uid);
        return claim;
    }

    private static PersistentVolumeClaim cloneOf(String name, String uid, String source) {
        PersistentVolumeClaim clone = Samples.claim("shop", name, uid, "nfs", "1Gi");
        clone.getSpec().setDataSource(new TypedLocalObjectReferenceBuilder().withKind("PersistentVolumeClaim")
                .withName(source).build());
        return clone;
    }

    private static PersistentVolume volumeFor(PersistentVolumeClaim claim) {
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER)
                .orElseThrow();
        PersistentVolume volume = DesiredVolume.of(Samples.export(claim.getMetadata().getNamespace(),
                claim.getMetadata().getName(), claim.getMetadata().getUid(), GI, ExportPhase.READY), claim,
                storageClass, Samples.PROVISIONER);
        volume.getSpec().setCapacity(new HashMap<>(volume.getSpec().getCapacity()));
        return volume;
    }

    private void received(ExportEvent event) {
        exports.put(event.key(), ExportState.next(exports.get(event.key()), event, NOW.minusSeconds(30),
                exports.size() + 1L));
    }

    private Observed observed() {
        return new Observed(classes, claims, volumes, exports, Map.of(), Set.of(), seen, volumesSeen,
                new Servers(true, Map.of("nfs-1", NOW)));
    }

    private static Optional<ClaimStatus> status(Plan plan, String uid) {
        return plan.claims().stream().filter(c -> c.uid().equals(uid)).findFirst();
    }

    /** A cluster that counts how often everything in it is listed. */
    private static final class CountingCluster implements Cluster {
        private final Cluster inner;
        int listed;

        CountingCluster(Cluster inner) {
            this.inner = inner;
        }

        @Override
        public java.util.Collection<StorageClass> storageClasses() {
            return inner.storageClasses();
        }

        @Override
        public java.util.Collection<PersistentVolumeClaim> claims() {
            listed++;
            return inner.claims();
        }

        @Override
        public java.util.Collection<PersistentVolume> volumes() {
            listed++;
            return inner.volumes();
        }

        @Override
        public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return inner.claim(namespace, name);
        }

        @Override
        public Optional<PersistentVolumeClaim> claimWithUid(String uid) {
            return inner.claimWithUid(uid);
        }

        @Override
        public Optional<PersistentVolume> volume(String name) {
            return inner.volume(name);
        }

        @Override
        public java.util.Collection<PersistentVolume> volumesOf(String claimUid) {
            return inner.volumesOf(claimUid);
        }

        @Override
        public java.util.Collection<PersistentVolumeClaim> clonesOf(String namespace, String name) {
            return inner.clonesOf(namespace, name);
        }
    }
}
