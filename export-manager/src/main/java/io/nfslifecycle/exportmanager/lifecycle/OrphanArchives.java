package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.Archives;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.KubernetesNames;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Archives no record stands for: {@code archived-*} directories at the top of the export root made before the export
 * manager kept records of archives, or by nfs-subdir-external-provisioner's {@code archiveOnDelete}. Each gets a
 * record in the bin, its id made from its name ({@code orphan-<digest>}, never a claim's uid, which its name is no
 * proof of), kept until an operator extends its retention or purges it: nobody chose a retention for it. Their namespace is not known for sure (a name such as
 * {@code archived-team-a-data-...} reads two ways), so their record is marked adopted and only an operator who allows
 * restores across namespaces can restore one. Only the top level is looked at: a nested archive always had a record.
 */
final class OrphanArchives {
    private static final Logger LOG = Logger.getLogger(OrphanArchives.class);
    /** The namespace of an archive found without a record: not one a restore can match unless allowed. */
    static final String UNKNOWN = "unknown";
    private OrphanArchives() {
    }

    /** Records every archive at the top of the root that no record names; returns how many. */
    static int pickUp(Parts parts) {
        Set<String> known = parts.store().all().stream().map(StoredExport::finalPath).filter(p -> !p.isEmpty())
                .collect(Collectors.toSet());
        int found = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parts.root().path(), Archives.PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!known.contains(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && record(parts, name)) {
                    found++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the export root cannot be listed for archives without a record (%s); the next sweep tries "
                    + "again", e.getMessage());
        }
        return found;
    }

    private static boolean record(Parts parts, String name) {
        // an id of its own, never a claim's uid: a name is no proof of whose it was, and a uid may be another
        // server's live claim on the same exports topic
        String id = digest(name);
        return parts.locks().forClaim(id, () -> parts.locks().deciding(() -> {
            // a release may have renamed a claim into this name since the listing: its record names it by now
            if (parts.store().get(id).isPresent()
                    || parts.store().all().stream().anyMatch(s -> name.equals(s.finalPath()))) {
                return false;
            }
            String claim = name.substring(Archives.PREFIX.length());
            var now = parts.now();
            ExportRecord export = new ExportRecord(id, UNKNOWN, KubernetesNames.objectName(claim).isEmpty()
                    ? claim : "unknown", "unknown", parts.settings().serverId(), parts.settings().nfsHost(),
                    parts.settings().nfsPath() + "/" + name, 0, List.of(), OnDelete.ARCHIVE, ExportPhase.ARCHIVED,
                    Texts.orphanArchive(name), now, now, "", name, ReclaimPolicy.DELETE);
            // kept until an operator says otherwise: nobody chose a retention for it
            StoredExport stored = new StoredExport(export, name, true, name).withArchive(ArchiveInfo.made(now, null));
            try {
                parts.store().put(stored, ExportStore.Durability.OUTCOME);
                LOG.infof("archive %s had no record; it is in the bin as %s: %s", name, id,
                        Texts.expiry(stored.archive()));
                return true;
            } catch (IOException e) {
                LOG.warnf("archive %s cannot be recorded (%s); the next sweep tries again", name, e.getMessage());
                return false;
            }
        }));
    }

    /** {@code orphan-} and a digest of the name. */
    static String digest(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "orphan-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
