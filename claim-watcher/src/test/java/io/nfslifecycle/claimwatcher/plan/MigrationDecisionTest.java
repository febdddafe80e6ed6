package io.nfslifecycle.claimwatcher.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;

/** Taking over nfs-subdir's volumes, as pure decisions: what is asked, what is refused and why, what is released. */
class MigrationDecisionTest {
    private static final Instant NOW = Samples.T0.plusSeconds(60);
    private static final String SUBDIR = "cluster.local/nfs-subdir-external-provisioner";
    private static final Migration ON = new Migration(true, Set.of(SUBDIR), "10.0.10.5", "/mnt/data", "nfs-1",
            OnDelete.ARCHIVE);

    private final List<PersistentVolumeClaim> claims = new ArrayList<>();
    private final List<PersistentVolume> volumes = new ArrayList<>();
    private final Map<String, ExportState> exports = new HashMap<>();
    private final Map<String, Request> requests = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    @Test
    void aBoundVolumeOfNfsSubdirIsAskedToBeAdoptedAsItIs() {
        bound("data", "u-1", "10.0.10.5", "/mnt/data/shop-data-pvc-u-1", "Retain");

        Plan plan = plan(ON);

        ClaimRequested asked = onlyRequest(plan);
        assertThat(asked.adoptDirectory()).isEqualTo("shop-data-pvc-u-1");
        assertThat(asked.volumeName()).isEqualTo("pvc-u-1");
        assertThat(asked.serverId()).isEqualTo("nfs-1");
        assertThat(asked.requestedBytes()).isEqualTo(1L << 30);
        assertThat(asked.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN);
        assertThat(asked.onDelete()).isEqualTo(OnDelete.ARCHIVE);
        assertThat(asked.storageClassName()).isEqualTo("nfs-client");
        assertThat(plan.migrated()).singleElement().extracting(Migrated::state).isEqualTo(Migrated.State.ADOPTING);
    }

    @Test
    void withAdoptionOffTheVolumeIsOnlyListed() {
        bound("data", "u-1", "10.0.10.5", "/mnt/data/shop-data-pvc-u-1", "Delete");

        Plan plan = plan(new Migration(false, ON.provisioners(), "10.0.10.5", "/mnt/data", "nfs-1", OnDelete.ARCHIVE));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.migrated()).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(Migrated.State.WOULD_ADOPT);
            assertThat(m.directory()).isEqualTo("shop-data-pvc-u-1");
        });
    }

    @Test
    void anUnknownServerAPathOutsideTheRootAndADirectoryOfAnotherRecordAreRefusedWithTheirReason() {
        bound("a", "u-1", "10.9.9.9", "/mnt/data/shop-a-pvc-u-1", "Delete");
        bound("b", "u-2", "10.0.10.5", "/srv/shop-b-pvc-u-2", "Delete");
        bound("c", "u-3", "10.0.10.5", "/mnt/data/../etc", "Delete");
        bound("d", "u-4", "10.0.10.5", "/mnt/data/shop-other-pvc-u-9", "Delete");
        ExportRecord other = Samples.export("shop", "other", "u-9", 1L << 30, ExportPhase.READY);
        received(new ExportReady(new ExportRecord(other.claimUid(), other.namespace(), other.claimName(),
                other.volumeName(), "nfs-1", other.nfsHost(), other.path(), other.requestedBytes(), other.accessModes(),
                other.onDelete(), ExportPhase.READY, "", other.created(), other.updated(), "nfs",
                "shop-other-pvc-u-9", ReclaimPolicy.DELETE)));

        Plan plan = plan(ON);

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Publish);
        Map<String, Migrated> byClaim = new HashMap<>();
        plan.migrated().forEach(m -> byClaim.put(m.claimName(), m));
        assertThat(byClaim.values()).allMatch(m -> m.state() == Migrated.State.REFUSED);
        assertThat(byClaim.get("a").reason()).contains("an unknown server");
        assertThat(byClaim.get("b").reason()).contains("not under the export root");
        assertThat(byClaim.get("c").reason()).contains("not under the export root");
        assertThat(byClaim.get("d").reason()).contains("owned by another record", "shop/other");
    }

    @Test
    void aVolumeOfAGoneClaimAnotherProvisionerAndOneOfOursAreNotAdopted() {
        bound("data", "u-1", "10.0.10.5", "/mnt/data/shop-data-pvc-u-1", "Delete");
        claims.clear(); // its claim was deleted
        volumes.add(nfsVolume("pvc-u-2", "someone.else/nfs", "x", "u-2", "10.0.10.5", "/mnt/data/x", "Delete"));
        volumes.add(nfsVolume("pvc-u-3", Samples.PROVISIONER, "y", "u-3", "10.0.10.5", "/mnt/data/y", "Delete"));

        Plan plan = plan(ON);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.migrated()).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(Migrated.State.REFUSED);
            assertThat(m.reason()).contains("shop/data is gone");
        });
    }

    @Test
    void anAdoptedVolumeIsOursItsDeletedClaimIsReleasedAndThePvDeletedOnceArchived() {
        bound("data", "u-1", "10.0.10.5", "/mnt/data/shop-data-pvc-u-1", "Delete");
        received(new ExportReady(adopted(ExportPhase.READY)));
        assertThat(plan(ON).migrated()).singleElement().extracting(Migrated::state)
                .isEqualTo(Migrated.State.ADOPTED);

        claims.clear();
        seen.add("u-1");
        volumes.get(0).getStatus().setPhase("Released");
        Plan plan = plan(ON);
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class, p ->
                assertThat(p.event()).isInstanceOfSatisfying(ClaimReleased.class, r -> {
                    assertThat(r.claimUid()).isEqualTo("u-1");
                    assertThat(r.serverId()).isEqualTo("nfs-1");
                }));

        received(new ExportReclaimed(adopted(ExportPhase.ARCHIVED), "/mnt/data/archived-shop-data-pvc-u-1"));
        assertThat(plan(ON).actions()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(
                Action.DeleteVolume.class, d -> assertThat(d.volumeName()).isEqualTo("pvc-u-1")));
    }

    @Test
    void aRefusalTheStorageSideMayHealIsAskedAgainAfterItsBackoff() {
        bound("lost", "u-1", "10.0.10.5", "/mnt/data/shop-lost-pvc-u-1", "Delete");
        ExportState failed = received(new ExportFailed(adopted(ExportPhase.FAILED), ExportFailed.Operation.CREATE,
                ExportFailed.DIRECTORY_MISSING, "the directory is not there", true));

        Plan waiting = plan(ON);
        assertThat(waiting.actions()).isEmpty();
        assertThat(waiting.migrated()).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(Migrated.State.REFUSED);
            assertThat(m.reason()).contains("DIRECTORY_MISSING");
        });

        exports.put("u-1", new ExportState(failed.last(), 1, NOW.minusSeconds(3600), failed.sequence()));
        assertThat(onlyRequest(plan(ON)).adoptDirectory()).isEqualTo("shop-lost-pvc-u-1");
    }

    @Test
    void theRelativeDirectoryIsStrictlyUnderTheRoot() {
        assertThat(MigrationDecision.relative("/mnt/data/a/b/", "/mnt/data")).contains("a/b");
        assertThat(MigrationDecision.relative("/mnt/data", "/mnt/data")).isEmpty();
        assertThat(MigrationDecision.relative("/mnt/database/x", "/mnt/data")).isEmpty();
        assertThat(MigrationDecision.relative("/mnt/data/a/./b", "/mnt/data")).isEmpty();
        assertThat(MigrationDecision.relative("/mnt/data//a", "/mnt/data")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private Plan plan(Migration migration) {
        Settings settings = new Settings(Samples.PROVISIONER, Duration.ofMinutes(10), Duration.ofSeconds(10),
                Duration.ofMinutes(10), Duration.ofMinutes(10), migration);
        return ClaimDecisions.plan(new Observed(List.of(Samples.ourClass("nfs")), claims, volumes, exports, requests,
                Set.of(), seen, Map.of(), new Servers(true, Map.of("nfs-1", NOW.minusSeconds(30)))), NOW, settings);
    }

    /** A claim of nfs-subdir's class and the PV it made, bound. */
    private void bound(String name, String uid, String server, String path, String policy) {
        PersistentVolumeClaim claim = Samples.claim("shop", name, uid, "nfs-client", "1Gi");
        claim.getMetadata().setAnnotations(Map.of("volume.kubernetes.io/storage-provisioner", SUBDIR));
        claim.getStatus().setPhase("Bound");
        claims.add(claim);
        volumes.add(nfsVolume("pvc-" + uid, SUBDIR, name, uid, server, path, policy));
    }

    private static PersistentVolume nfsVolume(String pvName, String provisioner, String claim, String uid,
            String server, String path, String policy) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(pvName)
                .withAnnotations(Map.of("pv.kubernetes.io/provisioned-by", provisioner)).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteMany")
                .withPersistentVolumeReclaimPolicy(policy).withStorageClassName("nfs-client")
                .withNewNfs().withServer(server).withPath(path).endNfs()
                .withNewClaimRef().withNamespace("shop").withName(claim).withUid(uid).endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
    }

    private static ExportRecord adopted(ExportPhase phase) {
        return new ExportRecord("u-1", "shop", "data", "pvc-u-1", "nfs-1", "10.0.10.5", "/mnt/data/shop-data-pvc-u-1",
                1L << 30, List.of("ReadWriteMany"), OnDelete.ARCHIVE, phase, "", Samples.T0, Samples.T0, "nfs-client",
                "shop-data-pvc-u-1", ReclaimPolicy.DELETE);
    }

    private ExportState received(ExportEvent event) {
        ExportState state = ExportState.next(exports.get(event.key()), event, NOW.minusSeconds(1), exports.size() + 1L);
        exports.put(event.key(), state);
        return state;
    }

    private static ClaimRequested onlyRequest(Plan plan) {
        assertThat(plan.actions()).singleElement().isInstanceOf(Action.Publish.class);
        return (ClaimRequested) ((Action.Publish) plan.actions().get(0)).event();
    }
}
