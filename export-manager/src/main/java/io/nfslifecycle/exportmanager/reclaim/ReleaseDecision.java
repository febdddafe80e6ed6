package io.nfslifecycle.exportmanager.reclaim;

import io.nfslifecycle.events.OnDelete;

/** What a {@code claim.released} leads to, decided from the export's record alone. */
public sealed interface ReleaseDecision {

    /** The release does not belong to this export: nothing is touched; the message says why. */
    record Refuse(String code, String message) implements ReleaseDecision {
    }

    /** Already reclaimed: publish the same result again. */
    record Republish() implements ReleaseDecision {
    }

    /** No directory was ever made (the claim was refused): record it as done without touching anything. */
    record NothingToReclaim(String reason) implements ReleaseDecision {
    }

    /** Reclaim the directory with {@code action}; {@code reason} explains when it differs from the policy. */
    record Reclaim(OnDelete action, String reason) implements ReleaseDecision {
    }
}
