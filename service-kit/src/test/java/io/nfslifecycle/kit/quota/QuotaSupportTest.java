package io.nfslifecycle.kit.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QuotaSupportTest {
    private static final String MOUNTINFO = """
            22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro
            30 22 0:26 / /proc rw,nosuid - proc proc rw
            41 22 8:16 / /mnt/data rw,relatime shared:5 - xfs /dev/sdb rw,attr2,inode64,prjquota
            42 41 8:32 / /mnt/data/inner\\040dir rw - tmpfs tmpfs rw
            43 22 8:48 / /mnt/data2 rw - ext4 /dev/sdc rw,prjquota
            """;

    @Test
    void theLongestMountPointHoldsAPath() {
        List<Mount> mounts = Mounts.parse(MOUNTINFO);
        assertThat(Mounts.holding("/mnt/data/ns-a/claim", mounts).orElseThrow().type()).isEqualTo("xfs");
        assertThat(Mounts.holding("/mnt/data", mounts).orElseThrow().point()).isEqualTo("/mnt/data");
        assertThat(Mounts.holding("/mnt/data/inner dir/x", mounts).orElseThrow().type()).isEqualTo("tmpfs");
        assertThat(Mounts.holding("/mnt/data2x/y", mounts).orElseThrow().point()).isEqualTo("/");
        assertThat(Mounts.holding("/mnt/data2/y", mounts).orElseThrow().options()).contains("prjquota", "rw");
    }

    @Test
    void xfsWithPrjquotaIsEnforced() {
        QuotaStatus status = QuotaSupport.assess(mount("xfs", "rw", "prjquota"), Optional.empty());
        assertThat(status.enforced()).isTrue();
        assertThat(status.text()).startsWith("enforced");
    }

    @Test
    void xfsWithoutTheOptionSaysWhichOptionToAdd() {
        QuotaStatus status = QuotaSupport.assess(mount("xfs", "rw", "inode64"), Optional.empty());
        assertThat(status.enforced()).isFalse();
        assertThat(status.code()).isEqualTo("mount-option");
        assertThat(status.text()).startsWith("not enforced: ").contains("prjquota", "/etc/fstab");
    }

    @Test
    void accountingOnlyIsNotEnforcement() {
        QuotaStatus status = QuotaSupport.assess(mount("xfs", "rw", "pqnoenforce"), Optional.empty());
        assertThat(status.enforced()).isFalse();
        assertThat(status.code()).isEqualTo("accounting-only");
    }

    @Test
    void ext4NamesTheFeatureAndTheOption() {
        QuotaStatus status = QuotaSupport.assess(mount("ext4", "rw"), Optional.empty());
        assertThat(status.enforced()).isFalse();
        assertThat(status.text()).contains("tune2fs -O quota,project /dev/sdb", "prjquota");
        assertThat(QuotaSupport.assess(mount("ext4", "rw", "prjquota"), Optional.empty()).enforced()).isTrue();
    }

    @Test
    void otherFilesystemsAndAKernelThatRefusesAreNotEnforced() {
        assertThat(QuotaSupport.assess(mount("tmpfs", "rw"), Optional.empty()).code()).isEqualTo("filesystem");
        QuotaStatus refused = QuotaSupport.assess(mount("xfs", "prjquota"), Optional.of("errno 38"));
        assertThat(refused.enforced()).isFalse();
        assertThat(refused.code()).isEqualTo("kernel");
        assertThat(refused.text()).contains("errno 38");
    }

    private static Mount mount(String type, String... options) {
        return new Mount("/mnt/data", type, "/dev/sdb", Set.of(options));
    }
}
