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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.Archives;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.KubernetesNames;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Archives no record stands for: {@code archived-*} directories at the top of the export root made before the export
 * manager kept records of archives, or by nfs-subdir-external-provisioner's {@code archiveOnDelete}. Each gets a
 * record in the bin: its id the claim uid its name ends with ({@code ...-pvc-<uid>}), else one made from its name;
 * kept from when it was found, for the server's retention. Their namespace is not known for sure (a name such as
 * {@code archived-team-a-data-...} reads two ways), so their record is marked adopted and only an operator who allows
 * restores across namespaces can restore one. Only the top level is looked at: a nested archive always had a record.
 */
final class OrphanArchives {
    private static final Logger LOG = Logger.getLogger(OrphanArchives.class);
    /** The namespace of an archive found without a record: not one a restore can match unless allowed. */
    static final String UNKNOWN = "unknown";
    private static final Pattern CLAIM_UID = Pattern.compile(".*-pvc-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{12})(-[0-9]+)?");

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
        } catch (IOException e) {
            LOG.debugf("the export root cannot be listed for archives without a record (%s)", e.getMessage());
        }
        return found;
    }

    private static boolean record(Parts parts, String name) {
        String claimsUid = id(name);
        // a claim of that uid has a record already (its archive is another one): the name's own id, then
        String id = parts.store().get(claimsUid).isPresent() ? digest(name) : claimsUid;
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
            StoredExport stored = new StoredExport(export, name, true, name).withArchive(ArchiveInfo.made(now,
                    ArchiveRules.expiry(now, parts.settings().archives().retention())));
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

    /** The claim uid the name ends with, else {@link #digest}. */
    static String id(String name) {
        Matcher m = CLAIM_UID.matcher(name);
        return m.matches() ? m.group(1) : digest(name);
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
