package io.nfslifecycle.kit.quota;

import java.util.Set;

/**
 * A mounted filesystem as {@code /proc/self/mountinfo} describes it.
 *
 * @param point   where it is mounted
 * @param type    the filesystem type ({@code xfs}, {@code ext4}, ...)
 * @param source  the device or share it was mounted from
 * @param options the mount and the superblock options together ({@code prjquota}, {@code pqnoenforce}, ...)
 */
public record Mount(String point, String type, String source, Set<String> options) {
    public Mount {
        options = Set.copyOf(options);
    }
}
