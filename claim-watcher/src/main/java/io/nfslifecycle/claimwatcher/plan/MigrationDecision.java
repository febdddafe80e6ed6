package io.nfslifecycle.claimwatcher.plan;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;

/**
 * The volumes another provisioner made (nfs-subdir-external-provisioner's), taken over in place: a Bound PV whose
 * {@code provisioned-by} is a configured name, on the configured NFS server, under its root, bound to a live claim,
 * whose directory no other export stands for, is asked to be adopted (when adoption is on) or listed as one that
 * would be (the dry run). Every other candidate is listed with the reason it is not taken. Once its export is READY
 * the volume is one of ours: {@link ReleaseDecision} releases it by our rules.
 */
final class MigrationDecision {
    private MigrationDecision() {
    }

    /** A PV another provisioner made whose export this watcher now holds: its release is ours to carry out. */
    static boolean adopted(PersistentVolume volume, Migration migration, Map<String, ExportState> exports) {
        if (!migration.concerns(provisionedBy(volume))) {
            return false;
        }
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        ExportState export = ref == null || ref.getUid() == null ? null : exports.get(ref.getUid());
        if (export == null || !export.record().volumeName().equals(volume.getMetadata().getName())) {
            return false;
        }
        ExportPhase phase = export.record().phase();
        return phase != ExportPhase.PENDING && phase != ExportPhase.FAILED;
    }

    static void volume(Context ctx, PersistentVolume volume) {
        Migration migration = ctx.settings().migration();
        String provisioner = provisionedBy(volume);
        if (DesiredVolume.ours(volume, ctx.settings().provisioner()) || !migration.concerns(provisioner)) {
            return;
        }
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        NFSVolumeSource nfs = volume.getSpec() == null ? null : volume.getSpec().getNfs();
        String path = nfs == null || nfs.getPath() == null ? "" : nfs.getPath();
        String server = nfs == null || nfs.getServer() == null ? "" : nfs.getServer();
        String directory = relative(path, migration.root()).orElse("");
        Candidate candidate = new Candidate(ctx, volume, ref, provisioner, server, path, directory);
        if (ref == null || ref.getUid() == null) {
            candidate.refused("the volume is bound to no claim (" + phase(volume) + "): nothing to adopt");
            return;
        }
        ExportState export = ctx.export(ref.getUid());
        if (export != null && export.record().volumeName().equals(volume.getMetadata().getName())
                && export.record().phase() != ExportPhase.FAILED) {
            candidate.answered(export.record());
            return;
        }
        PersistentVolumeClaim claim = ctx.index().claim(ref.getNamespace(), ref.getName());
        if (claim == null || !ref.getUid().equals(claim.getMetadata().getUid())) {
            candidate.refused("its claim " + ref.getNamespace() + "/" + ref.getName() + " is gone (" + phase(volume)
                    + "): nothing to adopt; delete the PV and its directory, or keep them, as nfs-subdir would have");
            return;
        }
        Optional<String> problem = problem(ctx, volume, server, path, directory, ref.getUid());
        if (problem.isPresent()) {
            candidate.refused(problem.get());
            return;
        }
        long bytes = StorageSize.capacity(volume).orElse(1L);
        ClaimRequested adopt = ClaimEvents.adopting(volume, claim, migration.serverId(), bytes, migration.onDelete(),
                directory);
        Notice notice = Notices.onClaim(claim, Notice.NORMAL, Notices.PROVISIONING, "Adopting volume "
                + volume.getMetadata().getName() + " of " + provisioner + ": NFS server " + migration.serverId()
                + " takes over " + path + " as it is (nothing is copied, moved or changed)");
        if (export != null) { // refused before: as any refusal, asked again after its backoff when it may pass
            ExportFailed failure = export.failure(ExportFailed.Operation.CREATE).orElse(null);
            candidate.refused(failure == null ? export.record().reason() : failure.code() + ": " + failure.message());
            if (migration.enabled() && failure != null && failure.retryable()) {
                ctx.retries().retryDue(ctx.plan(), export, ctx.request(ref.getUid()), EventTypes.CLAIM_REQUESTED,
                        adopt, bytes, notice);
            }
            return;
        }
        if (!migration.enabled()) {
            candidate.state(Migrated.State.WOULD_ADOPT, "adoption is off (nfs-lifecycle.migration.enabled)");
            return;
        }
        candidate.state(Migrated.State.ADOPTING, "asked NFS server " + migration.serverId());
        if (!ctx.retries().pending(ctx.request(ref.getUid()), EventTypes.CLAIM_REQUESTED, bytes)) {
            ctx.plan().publish(adopt, bytes, notice);
        }
    }

    /** What stops the watcher from asking at all: the server, the root, an export that stands for the directory. */
    private static Optional<String> problem(Context ctx, PersistentVolume volume, String server, String path,
            String directory, String uid) {
        Migration migration = ctx.settings().migration();
        if (volume.getSpec().getNfs() == null) {
            return Optional.of("not an NFS volume (no spec.nfs)");
        }
        if (!"Bound".equals(phase(volume))) {
            return Optional.of("the volume is " + phase(volume) + ", not Bound");
        }
        if (!server.equals(migration.nfsServer())) {
            return Optional.of("it names NFS server '" + server + "', not the one configured for the migration ('"
                    + migration.nfsServer() + "', nfs-lifecycle.migration.nfs-server): an unknown server");
        }
        if (directory.isEmpty()) {
            return Optional.of("its path " + path + " is not under the export root " + migration.root()
                    + " (nfs-lifecycle.migration.root)");
        }
        for (ExportState other : ctx.observed().exports().values()) {
            ExportRecord record = other.record();
            if (!record.claimUid().equals(uid) && record.serverId().equals(migration.serverId())
                    && (record.phase().isLive() || record.phase() == ExportPhase.RETAINED)
                    && nested(record.directory(), directory)) {
                return Optional.of("the directory " + directory + " is owned by another record: claim "
                        + record.subject() + " (uid " + record.claimUid() + ", " + record.phase() + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean nested(String a, String b) {
        return !a.isEmpty() && (a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/"));
    }

    /** The path relative to the root, when it lies strictly under it without {@code .} or {@code ..} segments. */
    static Optional<String> relative(String path, String root) {
        String prefix = root.equals("/") ? "/" : root + "/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        for (String segment : rest.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(rest);
    }

    private static String provisionedBy(PersistentVolume volume) {
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(DesiredVolume.PROVISIONED_BY);
    }

    private static String phase(PersistentVolume volume) {
        return volume.getStatus() == null || volume.getStatus().getPhase() == null ? "no phase"
                : volume.getStatus().getPhase();
    }

    /** One line of the migration's list, added to the plan once its state is known. */
    private record Candidate(Context ctx, PersistentVolume volume, ObjectReference ref, String provisioner,
            String server, String path, String directory) {

        void refused(String reason) {
            state(Migrated.State.REFUSED, reason);
        }

        void answered(ExportRecord record) {
            state(record.phase() == ExportPhase.PENDING ? Migrated.State.ADOPTING : Migrated.State.ADOPTED,
                    record.phase() + (record.reason().isEmpty() ? "" : ": " + record.reason()));
        }

        void state(Migrated.State state, String reason) {
            boolean bound = ref != null;
            ctx.plan().migrated(new Migrated(bound ? ref.getNamespace() : "", bound ? ref.getName() : "",
                    bound && ref.getUid() != null ? ref.getUid() : "", volume.getMetadata().getName(), provisioner,
                    server, path, directory, state, reason));
        }
    }
}
