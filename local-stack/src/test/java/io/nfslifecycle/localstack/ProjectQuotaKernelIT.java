package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Project quotas on a real kernel: User-mode Linux 7.2 (fetched by {@code bin/uml-kernel}, booted as an ordinary
 * process with the host's {@code /} as its root) mounts a fresh XFS or ext4 image with prjquota and runs
 * {@link GuestQuotaScenario} on the host's JDK: the export manager's own lifecycle and quota port, and the quota
 * auditor's walk. Needs root (the guest's mkfs images and the quota calls), mkfs.xfs, mkfs.ext4, insmod and setpriv;
 * skipped with the reason otherwise. The facts of the guest are printed, then judged.
 */
class ProjectQuotaKernelIT {
    private static final long MIB = GuestQuotaScenario.MIB;

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4"})
    void aClaimDirectoryIsHeldToItsRequestByTheKernel(String filesystem) throws Exception {
        Map<String, String> facts = UmlGuest.boot(filesystem, 320, GuestQuotaScenario.class);
        facts.forEach((key, value) -> System.out.println("[" + filesystem + "] " + key + " = " + value));
        assertThat(facts).doesNotContainKey("error");
        assertThat(facts.get("quotas")).startsWith("enforced");
        assertThat(facts.get("a.project")).isEqualTo("10000");
        assertThat(facts.get("b.project")).isEqualTo("10001");
        assertThat(facts.get("a.tagged")).isEqualTo("10000");
        assertThat(facts.get("a.limit")).isEqualTo(String.valueOf(5 * MIB));
        assertThat(facts.get("a.statfs.total")).as("df in the directory shows the claim's size")
                .isEqualTo(String.valueOf(5 * MIB));

        // an unprivileged writer (a pod) is stopped at the request, with the filesystem's own error
        assertThat(facts.get("a.user.exit")).isNotEqualTo("0");
        assertThat(Long.parseLong(facts.get("a.user.bytes"))).isLessThanOrEqualTo(5 * MIB);
        assertThat(facts.get("a.user.error")).isEqualTo(filesystem.equals("xfs") ? "No space left on device"
                : "Disk quota exceeded");
        if (filesystem.equals("xfs")) {
            assertThat(facts.get("a.root.error")).as("XFS stops root too").isEqualTo("No space left on device");
            assertThat(Long.parseLong(facts.get("a.used"))).isLessThanOrEqualTo(5 * MIB);
        }
        // the other claim is not affected
        assertThat(facts.get("b.user.exit")).isEqualTo("0");
        assertThat(facts.get("b.user.bytes")).isEqualTo(String.valueOf(MIB));

        // a resize raises the limit, and the same write then succeeds
        assertThat(facts.get("resized.limit")).isEqualTo(String.valueOf(20 * MIB));
        assertThat(facts.get("resized.statfs.total")).isEqualTo(String.valueOf(20 * MIB));
        assertThat(facts.get("resized.user.exit")).isEqualTo("0");
        assertThat(facts.get("resized.user.bytes")).isEqualTo(String.valueOf(10 * MIB));

        // what the auditor reads without a walk (statfs of the directory) is the walk's, and quotactl's
        assertThat(facts.get("audit.quota.used")).isEqualTo(facts.get("audit.walk.allocated"));
        assertThat(facts.get("audit.kernel.used")).as("statfs of the directory is the project's charge")
                .isEqualTo(facts.get("audit.walk.allocated"));

        // a limit of a request that is no whole block reads back as set: nothing is "put back" at a restart
        assertThat(Long.parseLong(facts.get("odd.limit"))).isBetween(5 * MIB + 1, 5 * MIB + 64 * 1024);
        assertThat(facts.get("odd.putBack")).isEqualTo("0");

        // a delete leaves no directory and no project behind
        assertThat(facts.get("deleted.phase")).isEqualTo("DELETED");
        assertThat(facts.get("deleted.exists")).isEqualTo("false");
        assertThat(facts.get("deleted.project.limit")).isEqualTo("0");
        assertThat(facts.get("deleted.project.used")).isEqualTo("0");
        assertThat(facts.get("deleted.project.files")).isEqualTo("0");
    }
}
