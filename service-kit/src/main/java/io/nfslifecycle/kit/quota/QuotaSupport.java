package io.nfslifecycle.kit.quota;

import java.util.Optional;

/**
 * Decides from a mount's facts (and a probe of the kernel) whether project quotas are enforced there. Pure: the
 * facts come from {@link Mounts} and {@link LinuxProjectQuotas#probe}.
 */
public final class QuotaSupport {
    private QuotaSupport() {
    }

    /**
     * @param mount        the filesystem that holds the export root
     * @param probeFailure why the kernel refused a quota call on it (no quota support, not privileged); empty when
     *                     it answered
     */
    public static QuotaStatus assess(Mount mount, Optional<String> probeFailure) {
        String where = mount.point() + " (" + mount.source() + ")";
        switch (mount.type()) {
            case "xfs" -> {
                if (mount.options().contains("pqnoenforce") || mount.options().contains("qnoenforce")) {
                    return QuotaStatus.notEnforced("accounting-only", "XFS on " + where + " is mounted with "
                            + "pqnoenforce, which only accounts; mount it with prjquota in /etc/fstab instead");
                }
                if (!mount.options().contains("prjquota") && !mount.options().contains("pquota")
                        && !mount.options().contains("pqenforce")) {
                    return QuotaStatus.notEnforced("mount-option", "XFS on " + where + " is mounted without "
                            + "prjquota; add prjquota to its options in /etc/fstab and mount it again (XFS turns "
                            + "quotas on at mount time only; a remount is not enough)");
                }
            }
            case "ext4" -> {
                if (!mount.options().contains("prjquota")) {
                    return QuotaStatus.notEnforced("mount-option", "ext4 on " + where + " is mounted without "
                            + "prjquota; unmounted, run tune2fs -O quota,project " + mount.source() + " (or make it "
                            + "with mkfs.ext4 -O quota,project), then mount it with prjquota (XFS is recommended: "
                            + "root writes past an ext4 project quota)");
                }
            }
            default -> {
                return QuotaStatus.notEnforced("filesystem", mount.type() + " on " + where + " has no project "
                        + "quotas; put the export root on XFS mounted with prjquota (mkfs.xfs, prjquota in "
                        + "/etc/fstab)");
            }
        }
        if (probeFailure.isPresent()) {
            return QuotaStatus.notEnforced("kernel", mount.type() + " on " + where + " is mounted for project "
                    + "quotas but the kernel refused them: " + probeFailure.get());
        }
        return QuotaStatus.enforced(mount);
    }
}
