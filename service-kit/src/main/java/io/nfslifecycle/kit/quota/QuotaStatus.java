package io.nfslifecycle.kit.quota;

/**
 * Whether the export root's filesystem enforces project quotas, and in words what an operator can do about it.
 *
 * @param enforced whether every claim directory gets a hard limit equal to its request
 * @param code     a short, stable token for dashboards: {@code enforced}, {@code off}, {@code filesystem},
 *                 {@code mount-option}, {@code accounting-only}, {@code kernel}
 * @param text     {@code enforced}, or {@code not enforced: <why, and the mount option or mkfs flag that would enable it>}
 */
public record QuotaStatus(boolean enforced, String code, String text) {

    public static QuotaStatus enforced(Mount mount) {
        return new QuotaStatus(true, "enforced", "enforced (" + mount.type() + " project quotas on " + mount.point()
                + ")");
    }

    public static QuotaStatus notEnforced(String code, String why) {
        return new QuotaStatus(false, code, "not enforced: " + why);
    }
}
