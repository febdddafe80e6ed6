package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import io.nfslifecycle.events.ByteSize;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Every sentence the lifecycle says to a claim's owner or to the operator, in one place: what happened, with the
 * names and numbers, and what to do about it.
 */
final class Texts {
    private Texts() {
    }

    static String recordNotWritten(IOException e) {
        return "cannot write the export record (" + e.getMessage() + "); nothing was made. The operator must check "
                + "the state directory";
    }

    static String directoryOwned(Object name, StoredExport owner) {
        return "the directory " + name + " already belongs to claim " + owner.export().subject() + " (uid "
                + owner.claimUid() + "); give this claim another name or pathPattern";
    }

    static String directoryHeld(Object name, StoredExport holder) {
        return "the directory " + name + " stands for claim " + holder.export().subject() + " (uid "
                + holder.claimUid() + ", " + holder.export().phase() + "); it is never handed to another claim. Give "
                + "this claim another name or pathPattern, or free the directory first";
    }

    static String notAdopting(Path path, String storageClass) {
        return "the directory " + path + " exists already and StorageClass " + storageClass + " does not adopt "
                + "existing directories; give the claim another name, remove the directory, or (to take over data on "
                + "purpose, e.g. a migration) use a class with the parameter adoptExisting: \"true\"";
    }

    static String migratedMissing(Path path, String volumeName) {
        return "the directory " + path + " that volume " + volumeName + " names is not there (or is not a real "
                + "directory under the export root): nothing is adopted and nothing is made in its place. Check the "
                + "PV's spec.nfs.path against the export root";
    }

    static String migrating(Object name, String volumeName) {
        return "adopting " + name + ", the directory of the existing volume " + volumeName + ", as it is";
    }

    static String nested(Object name, StoredExport other) {
        return "the directory " + name + " would be inside, or contain, " + other.directory() + " of claim "
                + other.export().subject() + " (uid " + other.claimUid() + ", " + other.export().phase() + "); one "
                + "claim's tree never holds another's. Give this claim another name or pathPattern";
    }

    static String adoptionAmbiguous(Object name, String pattern) {
        return "the directory " + name + " exists, but pathPattern '" + pattern + "' cannot tell whose namespace it "
                + "is ('-' may be part of a namespace name, and a pattern that does not begin with the namespace "
                + "names any directory); a class adopts only with a pattern that names the volume (${pvName}) or "
                + "begins with the namespace and a '/', e.g. ${.PVC.namespace}/${.PVC.name}";
    }

    static String outsideNamespace(Object name, String namespace, String prefix) {
        return "the directory " + name + " exists but is not under " + prefix + ", the prefix of namespace "
                + namespace + "; a claim adopts only directories of its own namespace";
    }

    static String identityMismatch(String subject, String volumeName, String uid, StoredExport stored) {
        return "claim " + subject + " (volume " + volumeName + ") has uid " + uid + ", which this server holds for "
                + "claim " + stored.export().subject() + " (volume " + stored.export().volumeName() + "); nothing was "
                + "touched. Two claims with one uid: ask the cluster admin, and check that the server's state directory"
                + " belongs to this cluster";
    }

    static String freedByOperator(String where) {
        return "the directory " + where + " was removed by an operator; its space is free again";
    }

    static String capacityUnreadable(IOException e) {
        return "cannot read the volume's capacity (" + e.getMessage() + "); the operator must check the export root";
    }

    static String adopting(Object name) {
        return "adopting the existing directory " + name;
    }

    static String noSpaceWhileMaking(Object name) {
        return "the volume ran out of space while making " + name + "; nothing was left behind. Free space on the "
                + "volume and the claim will be retried";
    }

    static String filesystemFailedWhileMaking(Object name, IOException e) {
        return "the filesystem failed while making " + name + " (" + e.getMessage() + "); nothing was left behind. "
                + "The operator must check the export root";
    }

    static String directoryMissing(Path path, StoredExport stored, DirectoryState state) {
        return "the directory " + path + " of READY claim " + stored.export().subject() + " (uid " + stored.claimUid()
                + ") is " + (state == DirectoryState.ABSENT ? "gone" : "no longer a real directory")
                + "; it is NOT re-created. Restore it from a backup, or delete the claim";
    }

    static String noExport(String serverId, String subject, String what) {
        return "names no export of server " + serverId + " (" + subject + "); " + what;
    }

    static String notResizable(String subject, ExportPhase phase) {
        return "claim " + subject + " cannot be resized while its export is " + phase;
    }

    static String quotaNotSet(long projectId, IOException e) {
        return "cannot set the limit of project " + projectId + " (" + e.getMessage() + "); the claim keeps its size";
    }

    static String capacityUnreadableForResize(IOException e) {
        return "cannot read the volume's capacity (" + e.getMessage() + ")";
    }

    static String recordNotWrittenForResize(IOException e) {
        return "cannot write the export record (" + e.getMessage() + ")";
    }

    static String goneBeforeRelease() {
        return "the directory was already gone when the claim was released";
    }

    static String goneBeforeReleaseLog(StoredExport releasing, Path path, OnDelete action) {
        return "claim " + releasing.export().subject() + " (uid " + releasing.claimUid() + ") was released, but its "
                + "directory " + path + " was already gone; the release is recorded, there was nothing to "
                + action.name().toLowerCase(Locale.ROOT);
    }

    static String conflict(Path path, DirectoryState state) {
        return state == DirectoryState.UNSAFE_PARENT ? "a parent of " + path + " is a symbolic link or not a directory"
                : path + " is a symbolic link or not a directory";
    }

    static String releaseTouchedNothing(String conflict, StoredExport stored) {
        return conflict + "; the release of claim " + stored.export().subject() + " touched nothing. The operator "
                + "must look at it";
    }

    static String releaseFailed(StoredExport stored, IOException e) {
        return "the release of claim " + stored.export().subject() + " failed on the filesystem (" + e.getMessage()
                + "); it is retried on the next release event or restart";
    }

    static String cloneIntoExisting(Path path) {
        return "a clone is never made into a directory that exists: " + path + " is there already; move it away or "
                + "choose another pathPattern";
    }

    static String cloneSourceUnknown(String source, String serverId) {
        return "the claim to clone, " + source + ", has no export on server " + serverId + "; a clone is made only "
                + "of a Bound claim of a StorageClass of the same server (it is retried when the export appears)";
    }

    static String cloneSourceOther(String source, String holder) {
        return "the uid of the claim to clone, " + source + ", belongs to claim " + holder + " on this server; "
                + "nothing was copied";
    }

    static String cloneSourceNotReady(String source, Object phase) {
        return "the claim to clone, " + source + ", is " + phase + " or has lost its directory; a clone copies a "
                + "READY export";
    }

    static String cloneTooSmall(String source, long sourceBytes, long requested) {
        return "the claim to clone, " + source + ", requested " + ByteSize.format(sourceBytes) + " (" + sourceBytes
                + " bytes), more than this claim's " + ByteSize.format(requested) + " (" + requested + " bytes); "
                + "ask for at least the source's size";
    }

    static String cloneSourceGone(String sourceUid) {
        return "the claim to clone (uid " + sourceUid + ") was released or deleted before its copy was complete; "
                + "the half copy was removed and nothing is retried: create the clone again from a live claim";
    }

    static String cloneDidNotFit(String source, long requested, IOException e) {
        return "the copy of " + source + " did not fit (" + e.getMessage() + "): its files take more than this "
                + "claim's " + ByteSize.format(requested) + " or the volume is full; the half copy was removed. Ask "
                + "for more, or free space on the volume";
    }

    static String cloneCopying(String source, long done, long total, long entries) {
        long percent = total <= 0 ? 100 : (long) Math.min(100, Math.max(0, done * 100.0 / total));
        return "copying the data of " + source + ": " + ByteSize.format(done) + " of " + ByteSize.format(total) + " ("
                + percent + " %, " + entries + " entries); the export becomes READY once the copy is whole";
    }

    static String expiry(io.nfslifecycle.exportmanager.store.ArchiveInfo info) {
        return info.expiresAt() == null ? "kept until an operator purges it" : "kept until " + info.expiresAt();
    }

    static String purged(String archive, io.nfslifecycle.exportmanager.store.ArchiveInfo info) {
        String why = switch (info.purgeReason()) {
            case "expired" -> "its retention ran out at " + info.expiresAt();
            case "operator" -> "an operator purged it";
            default -> "a claim needed the space and the operator allows purging for it";
        };
        return "the archive " + archive + " (made " + info.archivedAt() + ") was purged: " + why;
    }

    static String cloneFailed(String source, IOException e) {
        return "the copy of " + source + " failed (" + e.getMessage() + "); the half copy was removed and the next "
                + "request copies again from the start";
    }

    static String restoring(String archiveId) {
        return "restored from the archive " + archiveId;
    }

    static String restoredInto(String archive, String subject, String uid) {
        return "the archive " + archive + " was restored into claim " + subject + " (uid " + uid + "), whose "
                + "directory it is now";
    }

    static String restoreGone(String id, java.nio.file.Path archive) {
        return "the directory of archive " + id + ", " + archive + ", is gone (an operator removed or moved it); "
                + "nothing was restored: create the claim without the annotation, or name another archive";
    }

    static String restoreOverExisting(java.nio.file.Path path) {
        return "a restore moves its archive into a directory of its own: " + path + " is there already; move it "
                + "away or choose another pathPattern";
    }

    static String purgingForSpace(SpaceFromArchives.Room room) {
        return room.ids().isEmpty() ? "; archives holding " + ByteSize.format(room.bytes()) + " are being purged "
                + "already (nfs-lifecycle.archive.purge-for-space), and the claim is tried again"
                : "; to make room, " + room.ids().size() + " archive(s) holding " + ByteSize.format(room.bytes())
                + " are being purged (nfs-lifecycle.archive.purge-for-space): " + String.join(", ", room.ids())
                + ", and the claim is tried again";
    }

    static String orphanArchive(String name) {
        return "the archive " + name + " was found without a record (made before archives were kept, or by another "
                + "provisioner); its claim's namespace is not known, so only an operator who allows restores across "
                + "namespaces can restore it";
    }
}
