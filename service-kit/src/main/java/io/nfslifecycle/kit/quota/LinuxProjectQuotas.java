package io.nfslifecycle.kit.quota;

import static io.nfslifecycle.kit.quota.QuotaCalls.DQBLK_SIZE;
import static io.nfslifecycle.kit.quota.QuotaCalls.FSXATTR_SIZE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.sun.jna.Memory;

/**
 * {@link ProjectQuotas} on Linux: {@code quotactl_fd} on a descriptor of the filesystem's root directory and the
 * {@code fsxattr} ioctls on the claim directory, each opened one component at a time with {@code O_NOFOLLOW} from
 * that root, so a link a pod put in the tree is never followed. The same calls serve XFS and ext4.
 */
public final class LinuxProjectQuotas implements ProjectQuotas {
    private static final long KIB = 1024;

    private final Path root;

    /** @param root a directory of the filesystem (the export root); every tagged directory is under it */
    public LinuxProjectQuotas(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Why project quotas cannot be used on the root's filesystem by this process; empty when they can. */
    public Optional<String> probe() {
        Optional<String> unavailable = QuotaCalls.unavailable();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        try {
            int fd = openRoot();
            Memory info = new Memory(QuotaCalls.DQINFO_SIZE);
            Memory block = new Memory(DQBLK_SIZE);
            try {
                quotactl(fd, QuotaCalls.Q_GETINFO, 0, info, "read the project quota state");
                // reading another id's quota needs CAP_SYS_ADMIN, as setting one does
                quotactl(fd, QuotaCalls.Q_GETQUOTA, 0, block, "read a project quota");
            } finally {
                QuotaCalls.close(fd);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void tag(Path directory, long projectId) throws IOException {
        int fd = openBelowRoot(directory);
        Memory attributes = new Memory(FSXATTR_SIZE);
        try {
            attributes.clear();
            ioctl(fd, QuotaCalls.FS_IOC_FSGETXATTR, attributes, directory, "read the attributes of");
            attributes.setInt(0, attributes.getInt(0) | QuotaCalls.FS_XFLAG_PROJINHERIT);
            attributes.setInt(12, (int) projectId);
            ioctl(fd, QuotaCalls.FS_IOC_FSSETXATTR, attributes, directory, "tag with project " + projectId);
        } finally {
            QuotaCalls.close(fd);
        }
    }

    @Override
    public long projectOf(Path directory) throws IOException {
        int fd = openBelowRoot(directory);
        Memory attributes = new Memory(FSXATTR_SIZE);
        try {
            attributes.clear();
            ioctl(fd, QuotaCalls.FS_IOC_FSGETXATTR, attributes, directory, "read the project of");
            return Integer.toUnsignedLong(attributes.getInt(12));
        } finally {
            QuotaCalls.close(fd);
        }
    }

    @Override
    public void limit(long projectId, long bytes) throws IOException {
        int fd = openRoot();
        Memory block = new Memory(DQBLK_SIZE);
        try {
            block.clear();
            block.setLong(0, (Math.min(bytes, QuotaLimits.MAX_BYTES) + KIB - 1) / KIB);
            block.setInt(64, QuotaCalls.QIF_BLIMITS);
            quotactl(fd, QuotaCalls.Q_SETQUOTA, projectId, block, "set the limit of project " + projectId);
        } finally {
            QuotaCalls.close(fd);
        }
    }

    @Override
    public ProjectUsage usage(long projectId) throws IOException {
        int fd = openRoot();
        Memory block = new Memory(DQBLK_SIZE);
        try {
            block.clear();
            if (QuotaCalls.syscall(QuotaCalls.SYS_QUOTACTL_FD, fd, QuotaCalls.command(QuotaCalls.Q_GETQUOTA),
                    (int) projectId, block) != 0) {
                int errno = QuotaCalls.errno();
                if (errno == QuotaCalls.ENOENT) {
                    return new ProjectUsage(projectId, 0, 0, 0);
                }
                throw failure(errno, "read project " + projectId);
            }
            return usageOf(projectId, block);
        } finally {
            QuotaCalls.close(fd);
        }
    }

    @Override
    public List<ProjectUsage> all(long firstId) throws IOException {
        List<ProjectUsage> projects = new ArrayList<>();
        int fd = openRoot();
        Memory block = new Memory(DQBLK_SIZE);
        try {
            long id = firstId;
            while (id <= 0xFFFF_FFFFL) {
                block.clear();
                if (QuotaCalls.syscall(QuotaCalls.SYS_QUOTACTL_FD, fd, QuotaCalls.command(QuotaCalls.Q_GETNEXTQUOTA),
                        (int) id, block) != 0) {
                    int errno = QuotaCalls.errno();
                    if (errno == QuotaCalls.ENOENT) {
                        break;
                    }
                    throw failure(errno, "list the projects from " + id);
                }
                long found = Integer.toUnsignedLong(block.getInt(68));
                projects.add(usageOf(found, block));
                id = found + 1;
            }
        } finally {
            QuotaCalls.close(fd);
        }
        return projects;
    }

    private static ProjectUsage usageOf(long projectId, Memory block) {
        return new ProjectUsage(projectId, block.getLong(0) * KIB, block.getLong(16), block.getLong(40));
    }

    private int openRoot() throws IOException {
        Optional<String> unavailable = QuotaCalls.unavailable();
        if (unavailable.isPresent()) {
            throw new IOException(unavailable.get());
        }
        int fd = QuotaCalls.open(QuotaCalls.cString(root.toString()),
                QuotaCalls.O_RDONLY | QuotaCalls.O_CLOEXEC | QuotaCalls.O_DIRECTORY_NOFOLLOW);
        if (fd < 0) {
            throw failure(QuotaCalls.errno(), "open " + root);
        }
        return fd;
    }

    /** {@code directory}, opened from the root one component at a time, never through a link. */
    private int openBelowRoot(Path directory) throws IOException {
        Path relative = root.relativize(directory.toAbsolutePath().normalize());
        if (relative.toString().isEmpty() || relative.startsWith("..")) {
            throw new IOException(directory + " is not below " + root + "; only claim directories get a project");
        }
        int fd = openRoot();
        for (Path segment : relative) {
            int next = QuotaCalls.openat(fd, QuotaCalls.cString(segment.toString()),
                    QuotaCalls.O_RDONLY | QuotaCalls.O_CLOEXEC | QuotaCalls.O_DIRECTORY_NOFOLLOW);
            int errno = QuotaCalls.errno();
            QuotaCalls.close(fd);
            if (next < 0) {
                throw failure(errno, "open " + directory + " (a link or not a directory is never followed)");
            }
            fd = next;
        }
        return fd;
    }

    private static void quotactl(int fd, int command, long id, Memory argument, String what) throws IOException {
        if (QuotaCalls.syscall(QuotaCalls.SYS_QUOTACTL_FD, fd, QuotaCalls.command(command), (int) id, argument) != 0) {
            throw failure(QuotaCalls.errno(), what);
        }
    }

    private static void ioctl(int fd, long request, Memory argument, Path directory, String what) throws IOException {
        if (QuotaCalls.ioctl(fd, request, argument) != 0) {
            throw failure(QuotaCalls.errno(), what + " " + directory);
        }
    }

    static IOException failure(int errno, String what) {
        String why = switch (errno) {
            case QuotaCalls.ESRCH -> "project quotas are not turned on for this filesystem";
            case QuotaCalls.ENOSYS -> "this kernel has no quotactl_fd or no quota support (Linux 5.14 or later with "
                    + "CONFIG_QUOTA is needed)";
            case QuotaCalls.EPERM -> "not permitted: the export manager needs CAP_SYS_ADMIN "
                    + "(AmbientCapabilities=CAP_SYS_ADMIN in its systemd unit)";
            case QuotaCalls.ENOTTY, QuotaCalls.EOPNOTSUPP -> "the filesystem does not support project quotas";
            default -> "errno " + errno;
        };
        return new IOException("cannot " + what + ": " + why + " (errno " + errno + ")");
    }
}
