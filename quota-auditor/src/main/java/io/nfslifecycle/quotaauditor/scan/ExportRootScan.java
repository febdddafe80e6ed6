package io.nfslifecycle.quotaauditor.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import io.nfslifecycle.events.Archives;
import io.nfslifecycle.quotaauditor.findings.Measurement;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

/**
 * The filesystem adapter: finds the directories to measure under the export root (claim directories of live
 * exports, nested ones included; {@code archived-*} ones; anything else) and measures them with a {@link TreeWalk}. Read-only: it opens, lists and stats, nothing else.
 */
public final class ExportRootScan {
    /** Directories the scan never counts unless an export owns them: ext4's recovery folder (and hidden ones). */
    private static final Set<String> IGNORED = Set.of("lost+found");

    private final Path root;
    private final TreeWalk walk;

    public ExportRootScan(Path root, ForkJoinPool pool) {
        this.root = root.toAbsolutePath().normalize();
        this.walk = new TreeWalk(pool);
    }

    /** What one scan saw. */
    public record Result(List<ObservedDirectory> directories, long filesScanned, long directoriesScanned,
            long vanished, long unreadable, long otherFilesystem) {
    }

    public Path root() {
        return root;
    }

    /**
     * @param owned     directories of live exports, relative to the root
     * @param filesSeen incremented while the walk counts, for progress
     */
    public Result scan(Set<String> owned, LongAdder filesSeen) {
        return scan(owned, Set.of(), filesSeen);
    }

    /**
     * @param owned     directories of live exports, relative to the root
     * @param unwalked  of those, the ones not to walk (their project quota is read instead): listed with an empty,
     *                  not walked, measurement
     * @param filesSeen incremented while the walk counts, for progress
     */
    public Result scan(Set<String> owned, Set<String> unwalked, LongAdder filesSeen) {
        List<Found> found = new ArrayList<>();
        try {
            Set<String> parents = new java.util.HashSet<>();
            for (String o : owned) {
                for (int slash = o.indexOf('/'); slash > 0; slash = o.indexOf('/', slash + 1)) {
                    parents.add(o.substring(0, slash));
                }
            }
            layout(root, "", owned, parents, found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the export root " + root + ": " + e.getMessage(), e);
        }
        List<ObservedDirectory> directories = new ArrayList<>();
        for (Found f : found) {
            if (unwalked.contains(f.relativePath)) {
                directories.add(new ObservedDirectory(f.relativePath, f.role, Measurement.EMPTY, f.changedAt, null,
                        false));
            }
        }
        found.removeIf(f -> unwalked.contains(f.relativePath));
        List<TreeWalk.Top> tops = found.stream().map(f -> new TreeWalk.Top(root.resolve(f.relativePath), f.ino)).toList();
        TreeWalk.Outcome outcome = walk.measure(root, tops, filesSeen);
        long files = 0;
        long dirs = 0;
        for (int i = 0; i < found.size(); i++) {
            Optional<Measurement> m = outcome.measurements().get(i);
            if (m.isEmpty()) {
                continue; // gone between listing and measuring
            }
            Found f = found.get(i);
            directories.add(new ObservedDirectory(f.relativePath, f.role, m.get(), f.changedAt));
            files += m.get().files();
            dirs += m.get().directories();
        }
        return new Result(directories, files, dirs, outcome.vanished(), outcome.unreadable(), outcome.otherFilesystem());
    }

    private record Found(String relativePath, Role role, long ino, Instant changedAt) {
    }

    private static void layout(Path dir, String prefix, Set<String> owned, Set<String> parents, List<Found> out)
            throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String relative = prefix + name;
                boolean isOwned = owned.contains(relative);
                boolean holdsOwned = parents.contains(relative);
                if (!isOwned && !holdsOwned && (IGNORED.contains(name) || name.startsWith("."))) {
                    continue;
                }
                Map<String, Object> attributes;
                try {
                    attributes = Files.readAttributes(entry, "unix:mode,ino,ctime", LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                if (((Integer) attributes.get("mode") & LibC.S_IFMT) != LibC.S_IFDIR) {
                    continue; // files and symbolic links at this level belong to nobody's claim
                }
                long ino = (Long) attributes.get("ino");
                Instant changed = ((FileTime) attributes.get("ctime")).toInstant();
                if (isOwned) {
                    out.add(new Found(relative, Role.CLAIM, ino, changed));
                } else if (Archives.isArchive(name)) {
                    out.add(new Found(relative, Role.ARCHIVE, ino, changed));
                } else if (holdsOwned) {
                    layout(entry, relative + "/", owned, parents, out);
                } else {
                    out.add(new Found(relative, Role.UNOWNED, ino, changed));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // a nested parent removed while we list: nothing under it to count
        }
    }
}
