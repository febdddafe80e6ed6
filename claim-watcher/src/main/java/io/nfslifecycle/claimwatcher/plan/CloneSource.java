package io.nfslifecycle.claimwatcher.plan;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.claimwatcher.model.StorageSize;

/**
 * What a claim's {@code dataSource} (or {@code dataSourceRef}) asks for, checked as Kubernetes requires of a clone:
 * another PersistentVolumeClaim of the same namespace, Bound to a volume this provisioner made, of a class on the
 * same server, no larger than the new request. Snapshots and custom kinds are refused: the storage VM has none.
 */
final class CloneSource {
    private static final String CLAIM_KIND = "PersistentVolumeClaim";

    /** A claim to copy ({@code source}), or why the claim cannot be served ({@code problem}); both empty: no data source. */
    record Verdict(Optional<PersistentVolumeClaim> source, Optional<String> problem) {
        static Verdict none() {
            return new Verdict(Optional.empty(), Optional.empty());
        }

        static Verdict refuse(String problem) {
            return new Verdict(Optional.empty(), Optional.of(problem));
        }
    }

    private CloneSource() {
    }

    static Verdict of(PersistentVolumeClaim pvc, ProvisionerClass storageClass, long wanted, Index index) {
        var spec = pvc.getSpec();
        String kind;
        String group;
        String name;
        String namespace = pvc.getMetadata().getNamespace();
        if (spec.getDataSourceRef() != null) {
            kind = spec.getDataSourceRef().getKind();
            group = spec.getDataSourceRef().getApiGroup();
            name = spec.getDataSourceRef().getName();
            if (spec.getDataSourceRef().getNamespace() != null && !spec.getDataSourceRef().getNamespace().isEmpty()
                    && !spec.getDataSourceRef().getNamespace().equals(namespace)) {
                return Verdict.refuse(Notices.cloneOtherNamespace(spec.getDataSourceRef().getNamespace(), name));
            }
        } else if (spec.getDataSource() != null) {
            kind = spec.getDataSource().getKind();
            group = spec.getDataSource().getApiGroup();
            name = spec.getDataSource().getName();
        } else {
            return Verdict.none();
        }
        if (!ClaimEvents.restoreFrom(pvc).isEmpty()) {
            return Verdict.refuse(Notices.cloneAndRestore(name));
        }
        if (!CLAIM_KIND.equals(kind) || (group != null && !group.isEmpty())) {
            return Verdict.refuse(Notices.dataSource(kind, name));
        }
        PersistentVolumeClaim source = index.claim(namespace, name);
        if (source == null) {
            return Verdict.refuse(Notices.cloneSourceMissing(namespace, name));
        }
        if (source.getMetadata().getUid().equals(pvc.getMetadata().getUid())) {
            return Verdict.refuse(Notices.cloneOfItself(name));
        }
        boolean bound = source.getStatus() != null && "Bound".equals(source.getStatus().getPhase());
        if (!bound || index.volumeOf(source.getMetadata().getUid()) == null) {
            return Verdict.refuse(Notices.cloneSourceNotOurs(namespace, name));
        }
        Optional<ProvisionerClass> sourceClass = index.classOf(source);
        if (sourceClass.isEmpty() || !sourceClass.get().serverId().equals(storageClass.serverId())) {
            return Verdict.refuse(Notices.cloneOtherServer(name, sourceClass.map(ProvisionerClass::serverId)
                    .orElse("none"), storageClass.serverId()));
        }
        long sourceBytes = StorageSize.requested(source).orElse(0L);
        if (sourceBytes > wanted) {
            return Verdict.refuse(Notices.cloneTooSmall(name, sourceBytes, wanted));
        }
        return new Verdict(Optional.of(source), Optional.empty());
    }
}
