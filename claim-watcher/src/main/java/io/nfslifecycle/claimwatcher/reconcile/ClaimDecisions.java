package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;

/**
 * The watcher's decisions, level-triggered: from everything observed to the actions that close the gap. A pure
 * function: no clock, no API, no Kafka; calling it twice on the same observation gives the same plan.
 */
public final class ClaimDecisions {
    private static final String BOUND = "Bound";

    private ClaimDecisions() {
    }

    public static Plan plan(Observed observed, Instant now, Settings settings) {
        Map<String, ProvisionerClass> classes = new HashMap<>();
        for (StorageClass sc : observed.storageClasses()) {
            ProvisionerClass.of(sc, settings.provisioner()).ifPresent(c -> classes.put(c.name(), c));
        }
        Map<String, PersistentVolume> volumes = new HashMap<>();
        for (PersistentVolume pv : observed.volumes()) {
            if (DesiredVolume.ours(pv, settings.provisioner())) {
                volumes.put(pv.getMetadata().getName(), pv);
            }
        }
        Map<String, PersistentVolumeClaim> claimsByName = new HashMap<>();
        for (PersistentVolumeClaim pvc : observed.claims()) {
            claimsByName.put(key(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName()), pvc);
        }

        Decisions decisions = new Decisions(observed, now, settings);
        observed.claims().stream()
                .sorted(Comparator.comparing((PersistentVolumeClaim c) -> c.getMetadata().getNamespace())
                        .thenComparing(c -> c.getMetadata().getName()))
                .forEach(pvc -> {
                    ProvisionerClass storageClass = classes.get(pvc.getSpec() == null ? null
                            : pvc.getSpec().getStorageClassName());
                    if (storageClass != null) {
                        decisions.claim(pvc, storageClass, volumes.get(DesiredVolume.name(pvc.getMetadata().getUid())));
                    }
                });
        volumes.values().stream()
                .sorted(Comparator.comparing(pv -> pv.getMetadata().getName()))
                .forEach(pv -> decisions.volume(pv, claimsByName));
        Set<String> claimUids = new HashSet<>();
        observed.claims().forEach(c -> claimUids.add(c.getMetadata().getUid()));
        observed.exports().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> observed.seen().contains(e.getKey()) && !claimUids.contains(e.getKey())
                        && !volumes.containsKey(e.getValue().record().volumeName()))
                .forEach(e -> decisions.orphan(e.getValue()));
        return new Plan(List.copyOf(decisions.actions), List.copyOf(decisions.statuses),
                Optional.ofNullable(decisions.wakeUp));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The working state of one plan. */
    private static final class Decisions {
        final Observed observed;
        final Instant now;
        final Settings settings;
        final List<Action> actions = new ArrayList<>();
        final List<ClaimStatus> statuses = new ArrayList<>();
        final Map<String, Optional<String>> problems = new HashMap<>();
        Instant wakeUp;

        Decisions(Observed observed, Instant now, Settings settings) {
            this.observed = observed;
            this.now = now;
            this.settings = settings;
        }

        void claim(PersistentVolumeClaim pvc, ProvisionerClass storageClass, PersistentVolume volume) {
            String uid = pvc.getMetadata().getUid();
            String namespace = pvc.getMetadata().getNamespace();
            String name = pvc.getMetadata().getName();
            ExportState export = observed.exports().get(uid);
            Request request = observed.requests().get(uid);
            Optional<Long> wanted = StorageSize.requested(pvc);
            String boundTo = pvc.getSpec().getVolumeName();
            String volumeName = volume == null ? "" : volume.getMetadata().getName();
            Status status = new Status(ClaimPhase.WAITING, "");

            if (boundTo != null && !boundTo.isEmpty() && !boundTo.equals(DesiredVolume.name(uid))) {
                // pre-bound by its owner to a volume we did not make: not ours to provision
                return;
            }
            if (!storageClass.usable()) {
                status = new Status(ClaimPhase.INVALID, storageClass.problem());
                tellOnce(claimNotice(pvc, Notice.WARNING, "ProvisioningFailed", storageClass.problem()),
                        uid + ":class:" + storageClass.problem());
            } else if (wanted.isEmpty() || wanted.get() <= 0) {
                String problem = StorageSize.problem(pvc);
                status = new Status(ClaimPhase.INVALID, problem);
                tellOnce(claimNotice(pvc, Notice.WARNING, "ProvisioningFailed", problem), uid + ":request:" + problem);
            } else if (unaskable(pvc, storageClass, wanted.get()).isPresent()) {
                String problem = unaskable(pvc, storageClass, wanted.get()).get();
                status = new Status(ClaimPhase.INVALID, problem);
                tellOnce(claimNotice(pvc, Notice.WARNING, "ProvisioningFailed", problem), uid + ":event:" + problem);
            } else if (pvc.getMetadata().getDeletionTimestamp() != null) {
                status = new Status(volume == null ? ClaimPhase.WAITING : ClaimPhase.BOUND, "");
            } else if (volume == null) {
                status = withoutVolume(pvc, storageClass, wanted.get(), export, request);
            } else {
                status = withVolume(pvc, storageClass, volume, wanted.get(), export, request);
            }
            String lastEvent = "";
            Instant lastEventAt = Instant.EPOCH;
            if (export != null) {
                lastEvent = export.last().type();
                lastEventAt = export.receivedAt();
            }
            if (request != null && request.at().isAfter(lastEventAt)) {
                lastEvent = request.type();
                lastEventAt = request.at();
            }
            statuses.add(new ClaimStatus(namespace, name, uid, storageClass.name(), storageClass.serverId(),
                    wanted.orElse(0L), status.phase, volumeName, lastEvent, lastEventAt, status.error));
        }

        /** Only for claims without a volume yet: a bound claim's event was asked for already. */
        Optional<String> unaskable(PersistentVolumeClaim pvc, ProvisionerClass storageClass, long wanted) {
            if (pvc.getSpec().getVolumeName() != null && !pvc.getSpec().getVolumeName().isEmpty()) {
                return Optional.empty();
            }
            return problems.computeIfAbsent(pvc.getMetadata().getUid(),
                    uid -> ClaimEvents.problem(pvc, storageClass, wanted));
        }

        Status withoutVolume(PersistentVolumeClaim pvc, ProvisionerClass storageClass, long wanted,
                ExportState export, Request request) {
            String uid = pvc.getMetadata().getUid();
            if (export != null && export.record().phase() == ExportPhase.READY) {
                actions.add(new Action.CreateVolume(
                        DesiredVolume.of(export.record(), pvc, storageClass, settings.provisioner()),
                        claimNotice(pvc, Notice.NORMAL, "ProvisioningSucceeded", "Successfully provisioned volume "
                                + DesiredVolume.name(uid) + " on " + export.record().nfsHost() + ":"
                                + export.record().path()),
                        created(pvc)));
                return new Status(ClaimPhase.REQUESTED, "");
            }
            Optional<ExportFailed> failed = export == null ? Optional.empty()
                    : export.failure(ExportFailed.Operation.CREATE);
            if (failed.isPresent()) {
                return retry(pvc, export, failed.get(), request, EventTypes.CLAIM_REQUESTED,
                        ClaimEvents.requested(pvc, storageClass, wanted), wanted, "ProvisioningFailed");
            }
            if (export != null && export.record().phase() == ExportPhase.PENDING) {
                return new Status(ClaimPhase.REQUESTED, "");
            }
            if (export != null && export.record().phase() != ExportPhase.FAILED) {
                // released or reclaimed while the claim still shows: its deletion is on the way
                return new Status(ClaimPhase.WAITING, "");
            }
            if (pvc.getStatus() != null && BOUND.equals(pvc.getStatus().getPhase())) {
                return new Status(ClaimPhase.BOUND, "");
            }
            if (pending(request, EventTypes.CLAIM_REQUESTED, wanted)) {
                return new Status(ClaimPhase.REQUESTED, "");
            }
            publish(ClaimEvents.requested(pvc, storageClass, wanted), wanted, claimNotice(pvc, Notice.NORMAL,
                    "Provisioning", "External provisioner " + settings.provisioner() + " asked NFS server "
                            + storageClass.serverId() + " for " + StorageSize.quantity(wanted)));
            return new Status(ClaimPhase.REQUESTED, "");
        }

        Status withVolume(PersistentVolumeClaim pvc, ProvisionerClass storageClass, PersistentVolume volume,
                long wanted, ExportState export, Request request) {
            ClaimPhase phase = pvc.getStatus() != null && BOUND.equals(pvc.getStatus().getPhase())
                    ? ClaimPhase.BOUND : ClaimPhase.PROVISIONED;
            long capacity = StorageSize.capacity(volume).orElse(0L);
            long granted = capacity;
            if (export != null && export.record().phase() == ExportPhase.READY) {
                granted = export.record().requestedBytes();
                if (granted > capacity) {
                    actions.add(new Action.ResizeVolume(volume.getMetadata().getName(), granted));
                }
            }
            if (wanted <= Math.max(granted, capacity)) {
                return new Status(phase, "");
            }
            String serverId = DesiredVolume.server(volume).orElse(storageClass.serverId());
            Optional<ExportFailed> failed = export == null ? Optional.empty()
                    : export.failure(ExportFailed.Operation.RESIZE);
            boolean askedAnotherSize = request != null && EventTypes.CLAIM_RESIZED.equals(request.type())
                    && request.bytes() != wanted;
            if (failed.isPresent() && !askedAnotherSize) {
                return retry(pvc, export, failed.get(), request, EventTypes.CLAIM_RESIZED,
                        ClaimEvents.resized(pvc, serverId, wanted), wanted, "VolumeResizeFailed");
            }
            if (!pending(request, EventTypes.CLAIM_RESIZED, wanted)) {
                publish(ClaimEvents.resized(pvc, serverId, wanted), wanted, claimNotice(pvc, Notice.NORMAL,
                        "Resizing", "External provisioner " + settings.provisioner() + " asked NFS server "
                                + serverId + " to grow the export to " + StorageSize.quantity(wanted)));
            }
            return new Status(ClaimPhase.RESIZING, "");
        }

        /** A PV we made whose claim is gone: release it (Delete), or leave it (Retain), or delete it once reclaimed. */
        void volume(PersistentVolume volume, Map<String, PersistentVolumeClaim> claims) {
            ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
            if (ref == null || ref.getUid() == null) {
                return;
            }
            PersistentVolumeClaim claim = claims.get(key(ref.getNamespace(), ref.getName()));
            if (claim != null && ref.getUid().equals(claim.getMetadata().getUid())) {
                return;
            }
            String uid = ref.getUid();
            String name = volume.getMetadata().getName();
            ExportState export = observed.exports().get(uid);
            if (export != null && export.record().phase().isReclaimed()) {
                actions.add(new Action.DeleteVolume(name, volumeNotice(volume, Notice.NORMAL, "VolumeReclaimed",
                        "The export of released claim " + ref.getNamespace() + "/" + ref.getName() + " was "
                                + export.record().phase().name().toLowerCase(Locale.ROOT) + reclaimWhere(export)
                                + "; the volume is deleted")));
                return;
            }
            if (!ProvisionerClass.DELETE.equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
                return;
            }
            if (export != null && export.record().phase() == ExportPhase.RELEASING) {
                return;
            }
            Optional<String> server = DesiredVolume.server(volume);
            if (server.isEmpty() && export != null) {
                server = Optional.of(export.record().serverId());
            }
            if (server.isEmpty()) {
                tellOnce(volumeNotice(volume, Notice.WARNING, "VolumeReleaseFailed", "The volume has no "
                        + DesiredVolume.SERVER + " annotation, so the watcher cannot tell which NFS server to release"
                        + " it on; add the annotation or delete the volume and its directory by hand"), uid + ":no-server");
                return;
            }
            ClaimEvent released = ClaimEvents.released(volume, server.get());
            Optional<ExportFailed> failed = export == null ? Optional.empty()
                    : export.failure(ExportFailed.Operation.RELEASE);
            if (failed.isPresent()) {
                ExportFailed failure = failed.get();
                tellOnce(volumeNotice(volume, Notice.WARNING, "VolumeReleaseFailed", failureText(failure, export)),
                        uid + ":" + export.sequence());
                if (failure.retryable()) {
                    retryDue(export, request(uid), EventTypes.CLAIM_RELEASED, released, 0,
                            volumeNotice(volume, Notice.NORMAL, "Releasing", "Asking NFS server " + server.get()
                                    + " again to reclaim the export"));
                }
                return;
            }
            if (!pending(request(uid), EventTypes.CLAIM_RELEASED, 0)) {
                publish(released, 0, volumeNotice(volume, Notice.NORMAL, "Releasing", "Claim "
                        + ref.getNamespace() + "/" + ref.getName() + " is gone; asked NFS server " + server.get()
                        + " to reclaim the export (" + (export == null ? "per its StorageClass onDelete"
                                : "onDelete " + export.record().onDelete().name().toLowerCase(Locale.ROOT))
                        + ")"));
            }
        }

        /**
         * An export that holds a directory while neither its claim nor its PV exists: the claim was deleted before
         * its volume was made. Released, as an external provisioner deletes a volume whose claim is gone.
         */
        void orphan(ExportState export) {
            ExportRecord record = export.record();
            if (record.phase() != ExportPhase.READY && record.phase() != ExportPhase.PENDING) {
                return;
            }
            Request request = request(record.claimUid());
            if (pending(request, EventTypes.CLAIM_RELEASED, 0)) {
                return;
            }
            publish(new ClaimReleased(record.claimUid(), record.namespace(), record.claimName(), record.volumeName(),
                    record.serverId()), 0, Notice.onClaim(record.namespace(), record.claimName(), record.claimUid(),
                            Notice.NORMAL, "Releasing", "The claim was deleted before its volume was made; asked NFS"
                                    + " server " + record.serverId() + " to reclaim the export (onDelete "
                                    + record.onDelete().name().toLowerCase(Locale.ROOT) + ")"));
        }

        Status retry(PersistentVolumeClaim pvc, ExportState export, ExportFailed failure, Request request,
                String type, ClaimEvent again, long bytes, String reason) {
            String text = failureText(failure, export);
            tellOnce(claimNotice(pvc, Notice.WARNING, reason, text), pvc.getMetadata().getUid() + ":" + export.sequence());
            if (failure.retryable()) {
                retryDue(export, request, type, again, bytes, claimNotice(pvc, Notice.NORMAL,
                        EventTypes.CLAIM_RESIZED.equals(type) ? "Resizing" : "Provisioning",
                        "Asking NFS server " + again.serverId() + " again for " + StorageSize.quantity(bytes)));
            }
            return new Status(ClaimPhase.FAILED, text);
        }

        void retryDue(ExportState export, Request request, String type, ClaimEvent again, long bytes, Notice notice) {
            if (request != null && request.type().equals(type) && request.at().isAfter(export.receivedAt())
                    && !timedOut(request)) {
                return;
            }
            Instant due = export.receivedAt().plus(settings.backoff(export.failures()));
            if (now.isBefore(due)) {
                wakeUp = wakeUp == null || due.isBefore(wakeUp) ? due : wakeUp;
                return;
            }
            publish(again, bytes, notice);
        }

        String failureText(ExportFailed failure, ExportState export) {
            String text = failure.code() + ": " + failure.message();
            if (failure.retryable()) {
                return text + " (retrying in " + settings.backoff(export.failures()).toSeconds() + "s)";
            }
            return text + " (not retried: change the claim or ask the storage admin)";
        }

        boolean pending(Request request, String type, long bytes) {
            return request != null && request.open() && request.type().equals(type) && request.bytes() == bytes
                    && !timedOut(request);
        }

        boolean timedOut(Request request) {
            return !now.isBefore(request.at().plus(settings.requestTimeout()));
        }

        Request request(String uid) {
            return observed.requests().get(uid);
        }

        void publish(ClaimEvent event, long bytes, Notice notice) {
            actions.add(new Action.Publish(event, bytes, notice));
        }

        void tellOnce(Notice notice, String onceKey) {
            if (!observed.told().contains(onceKey)) {
                actions.add(new Action.Notify(notice, onceKey));
            }
        }

        static String reclaimWhere(ExportState export) {
            ExportRecord record = export.record();
            return export.last() instanceof ExportReclaimed reclaimed
                    && !reclaimed.finalPath().isEmpty() ? " (" + reclaimed.finalPath() + " on " + record.nfsHost() + ")"
                            : "";
        }

        static Instant created(PersistentVolumeClaim pvc) {
            String created = pvc.getMetadata().getCreationTimestamp();
            try {
                return created == null ? Instant.EPOCH : Instant.parse(created);
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }

        static Notice claimNotice(PersistentVolumeClaim pvc, String type, String reason, String message) {
            return Notice.onClaim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(),
                    pvc.getMetadata().getUid(), type, reason, message);
        }

        static Notice volumeNotice(PersistentVolume pv, String type, String reason, String message) {
            return Notice.onVolume(pv.getMetadata().getName(), pv.getMetadata().getUid(), type, reason, message);
        }
    }

    private record Status(ClaimPhase phase, String error) {
    }
}
