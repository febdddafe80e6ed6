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

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;

/** The Kubernetes rules the watcher keeps, one test each, as pure decisions. */
class KubernetesRulesTest {
    private static final Instant NOW = Samples.T0.plusSeconds(60);
    private static final Settings SETTINGS = new Settings(Samples.PROVISIONER, Duration.ofMinutes(10),
            Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(10));
    private static final long GI5 = 5L << 30;

    private final List<StorageClass> classes = new ArrayList<>(List.of(Samples.ourClass("nfs")));
    private final List<PersistentVolumeClaim> claims = new ArrayList<>();
    private final List<PersistentVolume> volumes = new ArrayList<>();
    private final Map<String, ExportState> exports = new HashMap<>();
    private final Map<String, Request> requests = new HashMap<>();
    private final Set<String> told = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, ReclaimPolicy> volumesSeen = new HashMap<>();
    private Servers servers = new Servers(true, Map.of("nfs-1", NOW.minusSeconds(30)));

    // ------------------------------------------------------------------ retain means retain

    @Test
    void aRetainedVolumeDeletedAfterItsClaimKeepsItsDirectory() {
        received(new ExportReady(retained(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY))));
        seen.add("u-1");
        volumesSeen.put("u-1", ReclaimPolicy.RETAIN);

        ClaimReleased released = onlyRelease(plan());

        assertThat(released.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN);
    }

    @Test
    void aVolumePatchedToRetainKeepsItsDirectoryWhenTheAdminDeletesIt() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        PersistentVolume volume = volumeFor(claim);
        volume.getSpec().setPersistentVolumeReclaimPolicy("Retain"); // kubectl patch pv ... Retain
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));
        seen.add("u-1");
        volumes.add(volume);
        assertThat(plan().actions()).as("the claim is gone, the PV is Retain: nothing to do").isEmpty();

        volumes.clear(); // kubectl delete pv
        volumesSeen.put("u-1", ReclaimPolicy.RETAIN);

        assertThat(onlyRelease(plan()).reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN);
    }

    @Test
    void aRetainedVolumeDeletedWhileTheWatcherWasDownStillKeepsItsDirectory() {
        received(new ExportReady(retained(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY))));

        assertThat(onlyRelease(plan()).reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN);
    }

    @Test
    void aClaimDeletedBeforeItsRetainedVolumeWasMadeIsReleased() {
        received(new ExportReady(retained(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY))));
        seen.add("u-1");

        assertThat(onlyRelease(plan()).reclaimPolicy()).isEqualTo(ReclaimPolicy.DELETE);
    }

    @Test
    void aRetainedVolumeWhoseClaimIsGoneIsLeftAlone() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        PersistentVolume volume = volumeFor(claim);
        volume.getSpec().setPersistentVolumeReclaimPolicy("Retain");
        volumes.add(volume);
        received(new ExportReady(retained(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY))));
        seen.add("u-1");

        assertThat(plan().actions()).isEmpty();
    }

    @Test
    void theClassesReclaimPolicyAndAdoptionTravelWithTheRequest() {
        StorageClass retaining = Samples.storageClass("nfs-keep", Samples.PROVISIONER,
                Map.of("server", "nfs-1", "adoptExisting", "true"));
        retaining.setReclaimPolicy("Retain");
        classes.add(retaining);
        claims.add(Samples.claim("shop", "data", "u-1", "nfs-keep", "5Gi"));

        ClaimRequested requested = (ClaimRequested) ((Action.Publish) plan().actions().get(0)).event();

        assertThat(requested.reclaimPolicy()).isEqualTo(ReclaimPolicy.RETAIN);
        assertThat(requested.adoptExisting()).isTrue();
    }

    // ------------------------------------------------------------------ what cannot be served is refused

    @Test
    void aBlockVolumeIsRefusedOnTheClaimWithTheFix() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getSpec().setVolumeMode("Block");
        claims.add(claim);

        assertRefused(plan(), "volumeMode Block");
    }

    @Test
    void aSelectorIsRefusedOnTheClaim() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getSpec().setSelector(new LabelSelectorBuilder().addToMatchLabels("tier", "gold").build());
        claims.add(claim);

        assertRefused(plan(), "selector");
    }

    @Test
    void aSnapshotDataSourceIsRefusedOnTheClaim() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getSpec().setDataSource(new TypedLocalObjectReferenceBuilder().withKind("VolumeSnapshot")
                .withApiGroup("snapshot.storage.k8s.io").withName("nightly").build());
        claims.add(claim);

        assertRefused(plan(), "VolumeSnapshot nightly", "no snapshots");
    }

    @Test
    void aCloneOfABoundClaimOfOursOnTheSameServerIsAskedForWithItsSource() {
        PersistentVolumeClaim source = boundSource("5Gi");
        PersistentVolumeClaim clone = cloneOf("source", "5Gi");
        claims.add(clone);

        ClaimRequested asked = (ClaimRequested) plan().actions().stream().filter(a -> a instanceof Action.Publish)
                .map(a -> ((Action.Publish) a).event()).findFirst().orElseThrow();

        assertThat(asked.clones()).isTrue();
        assertThat(asked.sourceClaimUid()).isEqualTo(source.getMetadata().getUid());
        assertThat(asked.sourceClaimName()).isEqualTo("source");
        assertThat(asked.sourceNamespace()).isEqualTo("shop");
    }

    @Test
    void aCloneIsRefusedWhereKubernetesWouldNotHaveIt() {
        claims.add(cloneOf("nosuch", "5Gi"));
        assertRefused(plan(), "shop/nosuch, does not exist");

        claims.clear();
        boundSource("10Gi");
        claims.add(cloneOf("source", "5Gi"));
        assertRefused(plan(), "less than the 10.0 GiB of the claim it clones");

        claims.clear();
        PersistentVolumeClaim pending = Samples.claim("shop", "source", "u-src", "nfs", "5Gi");
        claims.add(pending);
        claims.add(cloneOf("source", "5Gi"));
        assertRefusedWith(plan(), "is not Bound to a volume this provisioner made");

        claims.clear();
        volumes.clear();
        PersistentVolumeClaim other = cloneOf("source", "5Gi");
        other.getSpec().setDataSource(null);
        other.getSpec().setDataSourceRef(new io.fabric8.kubernetes.api.model.TypedObjectReferenceBuilder()
                .withKind("PersistentVolumeClaim").withName("source").withNamespace("bank").build());
        claims.add(other);
        assertRefused(plan(), "bank/source, a claim of another namespace");
    }

    @Test
    void aCloneWhoseCopyIsReadyGetsItsVolumeEvenWhenItsSourceWentMeanwhile() {
        claims.add(cloneOf("source", "5Gi")); // the source claim is gone
        received(new ExportReady(Samples.export("shop", "copy", "u-copy", GI5, ExportPhase.READY)));

        assertThat(plan().actions()).anyMatch(a -> a instanceof Action.CreateVolume);
    }

    @Test
    void aCloneWhoseSourceWentIsNeverAskedForAgainAsAnEmptyVolume() {
        claims.add(cloneOf("source", "5Gi"));
        received(new ExportFailed(Samples.export("shop", "copy", "u-copy", GI5, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.IO_ERROR, "the copy failed", true));

        assertRefused(plan(), "shop/source, does not exist");
    }

    @Test
    void theClassRetentionAndTheArchiveToRestoreTravelWithTheClaim() {
        classes.set(0, Samples.storageClass("nfs", Samples.PROVISIONER, Map.of("server", "nfs-1",
                ProvisionerClass.ARCHIVE_RETENTION, "7d")));
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getMetadata().getAnnotations().put(ClaimEvents.RESTORE_FROM, " u-old ");
        claims.add(claim);

        ClaimRequested asked = (ClaimRequested) plan().actions().stream().filter(a -> a instanceof Action.Publish)
                .map(a -> ((Action.Publish) a).event()).findFirst().orElseThrow();

        assertThat(asked.archiveRetention()).isEqualTo("7d");
        assertThat(asked.restoreFrom()).isEqualTo("u-old");
    }

    @Test
    void aRetentionThatIsNoneAndARestoreThatCannotBeAreRefusedOnTheClaim() {
        classes.set(0, Samples.storageClass("nfs", Samples.PROVISIONER, Map.of("server", "nfs-1",
                ProvisionerClass.ARCHIVE_RETENTION, "a week")));
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        assertRefused(plan(), "archiveRetention 'a week'", "7d");

        classes.set(0, Samples.ourClass("nfs"));
        claims.clear();
        PersistentVolumeClaim hostile = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        hostile.getMetadata().getAnnotations().put(ClaimEvents.RESTORE_FROM, "../../etc");
        claims.add(hostile);
        assertRefused(plan(), "restoreFrom");

        claims.clear();
        boundSource("5Gi");
        PersistentVolumeClaim both = cloneOf("source", "5Gi");
        both.getMetadata().getAnnotations().put(ClaimEvents.RESTORE_FROM, "u-old");
        claims.add(both);
        assertRefusedWith(plan(), "a claim starts with one of them");
    }

    /** A claim {@code shop/source} of our class, Bound to the volume we made for it. */
    private PersistentVolumeClaim boundSource(String size) {
        PersistentVolumeClaim source = Samples.claim("shop", "source", "u-src", "nfs", size);
        source.getSpec().setVolumeName(DesiredVolume.name("u-src"));
        source.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .build());
        claims.add(source);
        volumes.add(volumeFor(source));
        return source;
    }

    private static PersistentVolumeClaim cloneOf(String sourceName, String size) {
        PersistentVolumeClaim clone = Samples.claim("shop", "copy", "u-copy", "nfs", size);
        clone.getSpec().setDataSource(new TypedLocalObjectReferenceBuilder().withKind("PersistentVolumeClaim")
                .withName(sourceName).build());
        return clone;
    }

    @Test
    void anUnknownClassParameterIsRefusedWithTheKnownOnes() {
        classes.set(0, Samples.storageClass("nfs", Samples.PROVISIONER, Map.of("server", "nfs-1", "sever", "x")));
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));

        assertRefused(plan(), "sever", "server, pathPattern, onDelete, adoptExisting, archiveRetention");
    }

    @Test
    void aServerNoExportManagerReportsForGetsNoClaimButAWarningThatNamesIt() {
        servers = new Servers(true, Map.of("nfs-1", NOW.minus(Duration.ofMinutes(11))));
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));

        Plan plan = plan();

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Publish);
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.Notify.class, n -> assertThat(
                n.notice().message()).contains("no export manager for server nfs-1 has reported in 10 minutes",
                        "server-id is nfs-1"));
        assertThat(plan.claims().get(0).phase()).isEqualTo(ClaimPhase.WAITING);
    }

    // ------------------------------------------------------------------ the scheduler and the PV controller

    @Test
    void aWaitForFirstConsumerClaimIsProvisionedOnlyOnceItsPodHasANode() {
        StorageClass late = Samples.ourClass("nfs-late");
        late.setVolumeBindingMode("WaitForFirstConsumer");
        classes.add(late);
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs-late", "5Gi");
        claims.add(claim);

        Plan before = plan();
        claim.getMetadata().getAnnotations().put(DesiredVolume.SELECTED_NODE, "node-1");
        Plan after = plan();

        assertThat(before.actions()).isEmpty();
        assertThat(before.claims().get(0).lastError()).contains("WaitForFirstConsumer");
        assertThat(after.actions()).singleElement().isInstanceOf(Action.Publish.class);
    }

    @Test
    void aClaimKubernetesHasNotHandedToThisProvisionerIsNotProvisioned() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getMetadata().setAnnotations(new HashMap<>());
        claims.add(claim);

        assertThat(plan().actions()).isEmpty();
    }

    // ------------------------------------------------------------------ identity, and every answer reaches its claim

    @Test
    void anExportOfTheUidForAnotherClaimIsNeverMadeIntoThisClaimsVolume() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        received(new ExportReady(Samples.export("other", "k9-000", "u-1", GI5, ExportPhase.READY)));

        Plan plan = plan();

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.CreateVolume);
        assertRefusedWith(plan, "IDENTITY_MISMATCH", "other/k9-000");
    }

    @Test
    void aRefusalThatSaidChangeTheClaimIsAskedAgainOnceTheClaimChanged() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claims.add(claim);
        ClaimRequested asked = ClaimRequestedOf(claim);
        requests.put("u-1", new Request(EventTypes.CLAIM_REQUESTED, GI5, NOW.minusSeconds(20), asked).withAnswer());
        ExportState refused = received(new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.INVALID_NAME, "the name is not acceptable", false));
        told.add("u-1:" + refused.sequence());
        assertThat(plan().actions()).isEmpty();

        claim.getMetadata().setLabels(Map.of("team", "api"));

        assertThat(plan().actions()).singleElement().isInstanceOf(Action.Publish.class);
    }

    @Test
    void aRefusalIsAskedAgainAfterARestartWhenTheClaimNowAsksForAnotherSize() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "3Gi"));
        ExportState refused = received(new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.FAILED),
                ExportFailed.Operation.CREATE, ExportFailed.INVALID_NAME, "no", false));
        told.add("u-1:" + refused.sequence());

        assertThat(plan().actions()).singleElement().isInstanceOf(Action.Publish.class);
    }

    @Test
    void aMissingDirectoryMakesNoVolumeAndIsToldToTheClaim() {
        claims.add(Samples.claim("shop", "data", "u-1", "nfs", "5Gi"));
        received(new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY),
                ExportFailed.Operation.CREATE, ExportFailed.DIRECTORY_MISSING, "the directory is gone", false));

        Plan plan = plan();

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.CreateVolume);
        assertRefusedWith(plan, "DIRECTORY_MISSING");
    }

    @Test
    void aMissingDirectoryIsMarkedOnTheVolumeUntilItIsBack() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claims.add(claim);
        PersistentVolume volume = volumeFor(claim);
        volumes.add(volume);
        received(new ExportFailed(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY),
                ExportFailed.Operation.CREATE, ExportFailed.DIRECTORY_MISSING, "the directory is gone", false));

        Plan missing = plan();
        volume.getMetadata().getAnnotations().put(DesiredVolume.DIRECTORY_MISSING, "since");
        received(new ExportReady(Samples.export("shop", "data", "u-1", GI5, ExportPhase.READY)));
        Plan back = plan();

        assertThat(missing.actions()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.AnnotateVolume.class,
                an -> assertThat(an.value()).isNotEmpty()));
        assertRefusedWith(missing, "DIRECTORY_MISSING");
        assertThat(back.actions()).singleElement().isInstanceOfSatisfying(Action.AnnotateVolume.class,
                an -> assertThat(an.value()).isEmpty());
    }

    @Test
    void afterAResizeTheClaimShowsItsNewSize() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "8Gi");
        claim.getStatus().setPhase("Bound");
        claim.getStatus().setCapacity(Map.of("storage", new Quantity("5Gi")));
        claims.add(claim);
        PersistentVolume volume = volumeFor(claim);
        volume.getSpec().setCapacity(Map.of("storage", new Quantity("8Gi")));
        volumes.add(volume);
        received(new ExportResized(Samples.export("shop", "data", "u-1", 8L << 30, ExportPhase.READY)));

        assertThat(plan().actions()).singleElement().isInstanceOfSatisfying(Action.ClaimCapacity.class,
                c -> assertThat(c.bytes()).isEqualTo(8L << 30));
    }

    // ------------------------------------------------------------------ helpers

    private Plan plan() {
        return ClaimDecisions.plan(new Observed(classes, claims, volumes, exports, requests, told, seen, volumesSeen,
                servers), NOW, SETTINGS);
    }

    private static ClaimReleased onlyRelease(Plan plan) {
        assertThat(plan.actions()).singleElement().isInstanceOf(Action.Publish.class);
        return (ClaimReleased) ((Action.Publish) plan.actions().get(0)).event();
    }

    private static void assertRefused(Plan plan, String... words) {
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Publish);
        assertRefusedWith(plan, words);
        assertThat(plan.claims().get(0).phase()).isEqualTo(ClaimPhase.INVALID);
    }

    private static void assertRefusedWith(Plan plan, String... words) {
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.Notify.class, n -> {
            assertThat(n.notice().type()).isEqualTo(Notice.WARNING);
            assertThat(n.notice().message()).contains(words);
        }));
    }

    private static ExportRecord retained(ExportRecord record) {
        return new ExportRecord(record.claimUid(), record.namespace(), record.claimName(), record.volumeName(),
                record.serverId(), record.nfsHost(), record.path(), record.requestedBytes(), record.accessModes(),
                OnDelete.DELETE, record.phase(), "", record.created(), record.updated(), "nfs", "dir",
                ReclaimPolicy.RETAIN);
    }

    private ExportState received(ExportEvent event) {
        ExportState state = ExportState.next(exports.get(event.key()), event, NOW.minusSeconds(1), exports.size() + 1L);
        exports.put(event.key(), state);
        return state;
    }

    private static ClaimRequested ClaimRequestedOf(PersistentVolumeClaim claim) {
        return io.nfslifecycle.claimwatcher.model.ClaimEvents.requested(claim,
                ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER).orElseThrow(), GI5);
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
