package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;

/**
 * The only code that changes the export root. Nothing here follows a symbolic link: paths are looked at with
 * {@code lstat} semantics, renames and deletes go through {@link SecureDirectoryStream}s opened one component at a
 * time from the root with {@code O_NOFOLLOW} ({@code openat}, {@code renameat}, {@code unlinkat} relative to a
 * directory descriptor), so a link a pod put anywhere, or a claim directory swapped for a link, is refused or
 * removed as a link, and its target is never reached.
 */
public final class ExportRoot {
    private static final LinkOption[] NOFOLLOW = Descriptors.NOFOLLOW;

    private final Path root;
    /**
     * Held while entries are added or renamed (creates run concurrently): two claims never race to make a shared
     * parent, and a rename's check that its target is free holds until the rename.
     */
    private final Object entries = new Object();
    private final DirectorySyncs syncs = new DirectorySyncs();

    /** @param root the export root; resolved once here (an operator may configure it through a link) */
    public ExportRoot(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the export root " + root, e);
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.root)) {
            if (!(stream instanceof SecureDirectoryStream)) {
                throw new IllegalStateException("this platform has no secure directory streams (openat); the export "
                        + "manager runs on Linux only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export root " + root, e);
        }
    }

    public Path path() {
        return root;
    }

    public Path resolve(DirectoryName name) {
        Path path = root;
        for (String segment : name.segments()) {
            path = path.resolve(segment);
        }
        return path;
    }

    /** What is at {@code name}, each component looked at without following links. */
    public DirectoryState inspect(DirectoryName name) {
        Path path = root;
        List<String> segments = name.segments();
        for (int i = 0; i < segments.size(); i++) {
            path = path.resolve(segments.get(i));
            Optional<BasicFileAttributes> attributes = Descriptors.lstat(path);
            boolean last = i == segments.size() - 1;
            if (attributes.isEmpty()) {
                return DirectoryState.ABSENT;
            }
            if (!attributes.get().isDirectory() || attributes.get().isSymbolicLink()) {
                return last ? DirectoryState.NOT_A_DIRECTORY : DirectoryState.UNSAFE_PARENT;
            }
        }
        return DirectoryState.DIRECTORY;
    }

    /**
     * Makes the directory and any missing parents. Each existing component must be a real directory. On
     * failure (ENOSPC, EIO, a link appearing) whatever this call made is removed again, so no partial directory
     * is left; the exception says what went wrong.
     */
    public void create(DirectoryName name) throws IOException {
        DirectoryMaking.make(root, entries, syncs, name.segments(), resolve(name));
    }

    /**
     * Makes the directory {@code entry} beside {@code name} (a name of the export manager's own, such as a clone's
     * staging directory) and any missing parents, as {@link #create} does.
     */
    public void createBeside(DirectoryName name, String entry) throws IOException {
        List<String> segments = new ArrayList<>(name.parents());
        segments.add(entry);
        DirectoryMaking.make(root, entries, syncs, segments, resolve(name).resolveSibling(entry));
    }

    /** The path of {@code entry} beside {@code name}. */
    public Path resolveBeside(DirectoryName name, String entry) {
        return resolve(name).resolveSibling(entry);
    }

    /** Removes a claim directory a create made, while still empty: true when none is left (a failure joins cause). */
    public boolean removeEmpty(DirectoryName name, IOException cause) {
        try (SecureDirectoryStream<Path> parent = openParent(name)) {
            parent.deleteDirectory(Path.of(name.leaf()));
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /** Whether the claim directory (a real one, reached through real directories) has no entries. */
    public boolean isEmpty(DirectoryName name) throws IOException {
        if (inspect(name) != DirectoryState.DIRECTORY) {
            throw new UnsafePathException(resolve(name) + " is not a real directory");
        }
        try (SecureDirectoryStream<Path> parent = openParent(name);
                SecureDirectoryStream<Path> directory = parent.newDirectoryStream(Path.of(name.leaf()), NOFOLLOW)) {
            return !directory.iterator().hasNext();
        }
    }

    /** Sets the claim directory's mode, after checking it is a real directory reached through real directories. */
    public void setMode(DirectoryName name, Set<PosixFilePermission> mode) throws IOException {
        if (inspect(name) != DirectoryState.DIRECTORY) {
            throw new UnsafePathException(resolve(name) + " is not a real directory; its mode is left alone");
        }
        try (SecureDirectoryStream<Path> parent = openParent(name)) {
            parent.getFileAttributeView(Path.of(name.leaf()), java.nio.file.attribute.PosixFileAttributeView.class,
                    NOFOLLOW).setPermissions(mode);
        }
    }

    /**
     * Renames the claim directory to {@code target} beside it, never over anything that exists there. The source
     * must be a real directory: a link in its place is refused.
     */
    public void rename(DirectoryName source, String target) throws IOException {
        DirectoryMove.move(this, source, source.leaf(), source, target, false);
    }

    /**
     * Moves the real directory {@code source} onto {@code target}, an empty real directory, in one rename (a crash
     * leaves the one or the other): an archive into the directory of the claim it is restored into.
     */
    public void moveOnto(DirectoryName source, DirectoryName target) throws IOException {
        DirectoryMove.move(this, source, source.leaf(), target, target.leaf(), true);
    }

    /** Whether {@code entry} exists beside {@code name} (a sibling), looked at without following links. */
    public boolean siblingExists(DirectoryName name, String entry) throws IOException {
        try (SecureDirectoryStream<Path> parent = openParent(name)) {
            return Descriptors.lstat(parent, entry).isPresent();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Removes the tree {@code entry} beside {@code name} (e.g. the claim directory itself, or what an earlier
     * delete moved aside). Links inside are removed as links; nothing is reached through them.
     */
    public void deleteTree(DirectoryName name, String entry) throws IOException {
        try (SecureDirectoryStream<Path> parent = openParent(name)) {
            Optional<BasicFileAttributes> attributes = Descriptors.lstat(parent, entry);
            if (attributes.isEmpty()) {
                return;
            }
            if (!attributes.get().isDirectory() || attributes.get().isSymbolicLink()) {
                parent.deleteFile(Path.of(entry));
            } else {
                TreeRemoval.empty(parent, entry);
                parent.deleteDirectory(Path.of(entry));
            }
        }
        Descriptors.syncDirectory(resolve(name).getParent());
    }

    /**
     * Copies the tree of the claim directory {@code source} into {@code entry} beside {@code name}, an empty real
     * directory of ours (made by {@link #createBeside}): the source is read through directory descriptors only
     * ({@link TreeCopy}).
     */
    public TreeCopy.Copied copyTree(DirectoryName source, DirectoryName name, String entry,
            TreeCopy.Progress progress) throws IOException {
        Path target = resolveBeside(name, entry);
        try (SecureDirectoryStream<Path> parent = openParent(name);
                SecureDirectoryStream<Path> staging = parent.newDirectoryStream(Path.of(entry), NOFOLLOW)) {
            if (staging.iterator().hasNext()) {
                throw new UnsafePathException(target + " is not empty; nothing is copied into it");
            }
        }
        try (SecureDirectoryStream<Path> parent = openParent(source); FileData data = FileData.below(root, target)) {
            return TreeCopy.copy(parent, source.leaf(), resolve(source), Path.of(source.toString()), target, data,
                    progress);
        }
    }

    /** The bytes the regular files of the directory {@code name} hold, read without following any link. */
    public long sizeOfTree(DirectoryName name) throws IOException {
        try (SecureDirectoryStream<Path> parent = openParent(name)) {
            return TreeSize.of(parent, name.leaf(), resolve(name));
        }
    }

    /** Renames {@code entry} beside {@code name} to {@code name}, never over anything that exists there. */
    public void renameInto(DirectoryName name, String entry) throws IOException {
        DirectoryMove.move(this, name, entry, name, name.leaf(), false);
    }

    /** The lock held while entries are added or renamed. */
    Object entries() {
        return entries;
    }

    /** The parent of {@code name} as a directory descriptor, each component opened with O_NOFOLLOW. */
    SecureDirectoryStream<Path> openParent(DirectoryName name) throws IOException {
        SecureDirectoryStream<Path> current = (SecureDirectoryStream<Path>) Files.newDirectoryStream(root);
        Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
        opened.push(current);
        try {
            for (String segment : name.parents()) {
                Descriptors.requireDirectory(current, segment, root.resolve(segment));
                current = current.newDirectoryStream(Path.of(segment), NOFOLLOW);
                opened.push(current);
            }
        } catch (IOException e) {
            Descriptors.closeAll(opened, e);
            throw e;
        }
        SecureDirectoryStream<Path> result = opened.pop();
        Descriptors.closeAll(opened, null);
        return result;
    }
}
