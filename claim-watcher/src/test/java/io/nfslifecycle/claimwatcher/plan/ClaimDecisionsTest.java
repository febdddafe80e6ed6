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
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.OnDelete;

class ClaimDecisionsTest {
    private static final Instant NOW = Samples.T0.plusSeconds(60);
    private static final Settings SETTINGS = new Settings(Samples.PROVISIONER, Duration.ofMinutes(10),
            Duration.ofSeconds(10), Duration.ofMinutes(10));
    private static final long GI5 = 5L << 30;

    private final List<StorageClass> classes = new ArrayList<>(List.of(Samples.ourClass("nfs"),
            Samples.storageClass("ebs", "kubernetes.io/aws-ebs", Map.of())));
    private final List<PersistentVolumeClaim> claims = new ArrayList<>();
    private final List<PersistentVolume> volumes = new ArrayList<>();
    private final Map<String, ExportState> exports = new HashMap<>();
    private final Map<String, Request> requests = new HashMap<>();
    private final Set<String> told = new HashSet<>();
    private final Set<String> seen = new HashSet<>();

    @Test
    void requestsPendingClaimOfOurClass() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));

        Plan plan = plan();

        assertThat(plan.actions()).hasSize(1);
        Action.Publish publish = (Action.Publish) plan.actions().get(0);
        ClaimRequested requested = (ClaimRequested) publish.event();
        assertThat(requested.claimUid()).isEqualTo("u-1");
        assertThat(requested.namespace()).isEqualTo("shop");
        assertThat(requested.claimName()).isEqualTo("data");
        assertThat(requested.volumeName()).isEqualTo("pvc-u-1");
        assertThat(requested.storageClassName()).isEqualTo("nfs");
        assertThat(requested.serverId()).isEqualTo("nfs-1");
        assertThat(requested.requestedBytes()).isEqualTo(GI5);
        assertThat(requested.accessModes()).containsExactly("ReadWriteMany");
        assertThat(requested.onDelete()).isEqualTo(OnDelete.ARCHIVE);
        assertThat(requested.labels()).containsEntry("team", "web");
        assertThat(publish.notice().reason()).isEqualTo("Provisioning");
        assertThat(plan.claims()).singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo(ClaimPhase.REQUESTED));
    }

    @Test
    void ignoresClaimOfAnotherClass() {
        claims.add(Samples.claim("shop", "data", "u-1", "ebs", "5Gi"));
        claims.add(Samples.claim("shop", "cache", "u-2", "missing-class", "5Gi"));

        Plan plan = plan();

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.claims()).isEmpty();
    }

    @Test
    void doesNotRequestAgainWhileTheRequestIsOpen() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        requests.put("u-1", new Request(EventTypes.CLAIM_REQUESTED, GI5, NOW.minusSeconds(5)));

        Plan plan = plan();

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.wakeUps()).as("looked at again when the request times out, whatever happens meanwhile")
                .containsEntry("u-1", NOW.minusSeconds(5).plus(Duration.ofMinutes(10)));
    }

    @Test
    void requestsAgainWhenTheRequestGotNoAnswerInTime() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        requests.put("u-1", new Request(EventTypes.CLAIM_REQUESTED, GI5, NOW.minus(Duration.ofMinutes(11))));

        assertThat(plan().actions()).singleElement().isInstanceOf(Action.Publish.class);
    }

    @Test
    void doesNotRequestAClaimTheExportManagerIsWorkingOn() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY))
                .export().withPhase(ExportPhase.PENDING, "", Samples.T0));

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void createsTheVolumeForAReadyExport() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));

        Plan plan = plan();

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.CreateVolume.class, create -> {
            assertThat(create.volume().getMetadata().getName()).isEqualTo("pvc-u-1");
            assertThat(create.notice().reason()).isEqualTo("ProvisioningSucceeded");
            assertThat(create.claimCreated()).isEqualTo(Samples.T0);
        });
    }

    @Test
    void anExistingVolumeIsSuccessAndASecondReadyChangesNothing() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claims.add(claim);
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));
        volumes.add(volumeFor(claim));
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));

        Plan plan = plan();

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.claims()).singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo(ClaimPhase.PROVISIONED));
    }

    @Test
    void warnsOnceWithTheReasonOfAFailedExport() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        ExportState failed = received(failure(ExportFailed.Operation.CREATE, false));

        Plan plan = plan();

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Notify.class, notify -> {
            assertThat(notify.notice().type()).isEqualTo("Warning");
            assertThat(notify.notice().reason()).isEqualTo("ProvisioningFailed");
            assertThat(notify.notice().message()).contains("INSUFFICIENT_CAPACITY", "requested 5 GiB");
        });
        assertThat(plan.claims()).singleElement().satisfies(c -> {
            assertThat(c.phase()).isEqualTo(ClaimPhase.FAILED);
            assertThat(c.lastError()).contains("requested 5 GiB");
        });

        told.add("u-1:" + failed.sequence());
        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void retriesARetryableFailureAfterBackoff() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        ExportState failed = received(failure(ExportFailed.Operation.CREATE, true), NOW.minusSeconds(3));
        told.add("u-1:" + failed.sequence());

        Plan early = plan();
        assertThat(early.actions()).isEmpty();
        assertThat(early.wakeUp()).contains(NOW.plusSeconds(7));

        Plan due = ClaimDecisions.plan(observed(), NOW.plusSeconds(7), SETTINGS);
        assertThat(due.actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class,
                p -> assertThat(p.event()).isInstanceOf(ClaimRequested.class));
    }

    @Test
    void backoffDoublesWithEveryFailureUpToTheMaximum() {
        assertThat(SETTINGS.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SETTINGS.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(SETTINGS.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(SETTINGS.backoff(40)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void doesNotRetryAFailureThatIsNotRetryable() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        ExportState failed = received(failure(ExportFailed.Operation.CREATE, false), NOW.minus(Duration.ofHours(1)));
        told.add("u-1:" + failed.sequence());

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void releasesAVolumeWhoseClaimIsGone() {
        volumes.add(released(volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"))));

        Plan plan = plan();

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class, p -> {
            ClaimReleased released = (ClaimReleased) p.event();
            assertThat(released.claimUid()).isEqualTo("u-1");
            assertThat(released.volumeName()).isEqualTo("pvc-u-1");
            assertThat(released.serverId()).isEqualTo("nfs-1");
            assertThat(p.notice().kind()).isEqualTo("PersistentVolume");
        });
    }

    @Test
    void releasesAVolumeWhoseClaimNameNowBelongsToAnotherClaim() {
        volumes.add(released(volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"))));
        claims.add(Samples.claim("shop", "data", "u-2", "nfs", "5Gi"));

        List<Action> actions = plan().actions();

        assertThat(actions).extracting(a -> ((Action.Publish) a).event().type())
                .containsExactlyInAnyOrder(EventTypes.CLAIM_REQUESTED, EventTypes.CLAIM_RELEASED);
    }

    @Test
    void releasesAnExportWhoseClaimWasDeletedBeforeItsVolumeWasMade() {
        // given a ready export of a claim seen before, and neither that claim nor its PV in the cluster now
        seen.add("u-9");
        received(new ExportReady(Samples.export("shop", "gone", "u-9", GI5, ExportPhase.READY)));

        // when / then
        assertThat(plan().actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class, p -> {
            ClaimReleased released = (ClaimReleased) p.event();
            assertThat(released.claimUid()).isEqualTo("u-9");
            assertThat(released.volumeName()).isEqualTo("pvc-u-9");
        });
    }

    @Test
    void neverReleasesTheExportOfAClaimItNeverSaw() {
        // another cluster's claim on the same bus, or one deleted while this watcher was down
        received(new ExportReady(Samples.export("shop", "unknown", "u-7", GI5, ExportPhase.READY)));

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void aFailedOrReclaimedExportWithoutClaimNeedsNothing() {
        seen.addAll(Set.of("u-1", "u-8"));
        received(failure(ExportFailed.Operation.CREATE, true));
        received(new ExportReclaimed(Samples.export("shop", "old", "u-8", GI5, ExportPhase.ARCHIVED), "/a"));

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void retainPublishesNoRelease() {
        PersistentVolume volume = volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        volume.getSpec().setPersistentVolumeReclaimPolicy("Retain");
        volumes.add(volume);

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void leavesVolumesOfOtherProvisionersAlone() {
        PersistentVolume volume = volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        volume.getMetadata().getAnnotations().put(DesiredVolume.PROVISIONED_BY, "someone-else");
        volumes.add(volume);

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void deletesTheVolumeOnceTheExportIsReclaimed() {
        volumes.add(volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi")));
        received(new ExportReclaimed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.ARCHIVED),
                "/mnt/data/archived-shop-data-pvc-u-1"));

        assertThat(plan().actions()).singleElement().isInstanceOfSatisfying(Action.DeleteVolume.class, d -> {
            assertThat(d.volumeName()).isEqualTo("pvc-u-1");
            assertThat(d.notice().message()).contains("archived", "/mnt/data/archived-shop-data-pvc-u-1");
        });
    }

    @Test
    void requestsAResizeWhenTheClaimGrows() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        volumes.add(volumeFor(claim));
        claim.getSpec().getResources().getRequests().put("storage", new Quantity("8Gi"));
        claim.getStatus().setPhase("Bound");
        claims.add(claim);
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));

        Plan plan = plan();

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class, p -> {
            ClaimResized resized = (ClaimResized) p.event();
            assertThat(resized.requestedBytes()).isEqualTo(8L << 30);
            assertThat(resized.serverId()).isEqualTo("nfs-1");
        });
        assertThat(plan.claims()).singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo(ClaimPhase.RESIZING));
    }

    @Test
    void asksAgainWhenTheOwnerChangesTheSizeAfterARefusedResize() {
        // given a refused resize to 8Gi
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        volumes.add(volumeFor(claim));
        claims.add(claim);
        requests.put("u-1", new Request(EventTypes.CLAIM_RESIZED, 8L << 30, NOW.minusSeconds(10), true));
        ExportState refused = received(new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY),
                ExportFailed.Operation.RESIZE, ExportFailed.INSUFFICIENT_CAPACITY, "8 GiB do not fit", false));
        told.add("u-1:" + refused.sequence());

        // when the owner still wants 8Gi, nothing is asked; when they settle for 6Gi, that is asked
        claim.getSpec().getResources().getRequests().put("storage", new Quantity("8Gi"));
        assertThat(plan().actions()).isEmpty();
        claim.getSpec().getResources().getRequests().put("storage", new Quantity("6Gi"));
        assertThat(plan().actions()).singleElement().isInstanceOfSatisfying(Action.Publish.class,
                p -> assertThat(((ClaimResized) p.event()).requestedBytes()).isEqualTo(6L << 30));
    }

    @Test
    void growsTheVolumeWhenTheExportWasResized() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        volumes.add(volumeFor(claim));
        claim.getSpec().getResources().getRequests().put("storage", new Quantity("8Gi"));
        claims.add(claim);
        received(new ExportResized(Samples.export("shop", "data", "u-1", 8L << 30, ExportPhase.READY)));

        assertThat(plan().actions()).singleElement().isInstanceOfSatisfying(Action.ResizeVolume.class, r -> {
            assertThat(r.volumeName()).isEqualTo("pvc-u-1");
            assertThat(r.bytes()).isEqualTo(8L << 30);
        });
    }

    @Test
    void aClassWithoutServerIsToldToTheClaimOwnerOnce() {
        classes.add(Samples.storageClass("broken", Samples.PROVISIONER, Map.of()));
        claims.add(Samples.claim("shop", "data", "u-1", "broken", "5Gi"));

        Plan plan = plan();

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Notify.class, n -> {
            assertThat(n.notice().reason()).isEqualTo("ProvisioningFailed");
            assertThat(n.notice().message()).contains("no parameter 'server'");
        });
        assertThat(plan.claims()).singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo(ClaimPhase.INVALID));
    }

    @Test
    void decidingTwiceGivesTheSamePlan() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        volumes.add(volumeFor(Samples.claim("shop", "old", "u-0", "nfs", "5Gi")));

        assertThat(plan()).isEqualTo(plan());
    }

    private Plan plan() {
        return ClaimDecisions.plan(observed(), NOW, SETTINGS);
    }

    private Observed observed() {
        return new Observed(classes, claims, volumes, exports, requests, told, seen);
    }

    private ExportState received(ExportEvent event) {
        return received(event, NOW.minusSeconds(1));
    }

    private ExportState received(io.nfslifecycle.events.ExportRecord record) {
        return received(new ExportResized(record), NOW.minusSeconds(1));
    }

    private ExportState received(ExportEvent event, Instant at) {
        ExportState state = ExportState.next(exports.get(event.key()), event, at, exports.size() + 1L);
        exports.put(event.key(), state);
        return state;
    }

    private static ExportFailed failure(ExportFailed.Operation operation, boolean retryable) {
        return new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.FAILED), operation,
                ExportFailed.INSUFFICIENT_CAPACITY, "requested 5 GiB, 2 GiB free of 50 GiB", retryable);
    }

    @Test
    void aVolumeNotYetMarkedReleasedIsNotReleasedSoAPolicyPatchedJustBeforeTheClaimWentIsHonoured() {
        // the claim's deletion came on its watch before the volume's patch to Retain came on the other
        volumes.add(volumeFor(Samples.claim("shop", "data", "u-1", "nfs", "5Gi")));

        assertThat(plan().actions()).isEmpty();
    }

    /** As the PV controller marks a volume whose claim is gone. */
    private static PersistentVolume released(PersistentVolume volume) {
        volume.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Released")
                .build());
        return volume;
    }

    private static PersistentVolume volumeFor(PersistentVolumeClaim claim) {
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER).orElseThrow();
        PersistentVolume volume = DesiredVolume.of(Samples.export(claim.getMetadata().getNamespace(),
                claim.getMetadata().getName(), claim.getMetadata().getUid(), GI5, ExportPhase.READY),
                claim, storageClass, Samples.PROVISIONER);
        volume.getMetadata().setAnnotations(new HashMap<>(volume.getMetadata().getAnnotations()));
        volume.getSpec().setCapacity(new HashMap<>(volume.getSpec().getCapacity()));
        return volume;
    }
}
