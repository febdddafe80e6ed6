package io.nfslifecycle.exportmanager.quota;

import java.util.Locale;

/** Whether claim directories get project quotas ({@code nfs-lifecycle.quota.mode}). */
public enum QuotaMode {
    /** Refuse to start unless the export root enforces project quotas. */
    REQUIRED,
    /** Use them where the export root enforces them; say why not otherwise. */
    AUTO,
    /** Never: requests are admission figures only, as before quotas. */
    OFF;

    public static QuotaMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nfs-lifecycle.quota.mode must be required, auto or off, was " + text, e);
        }
    }
}
