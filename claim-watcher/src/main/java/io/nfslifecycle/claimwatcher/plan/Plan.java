package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one reconcile.
 *
 * @param actions what to do, in order
 * @param claims  every claim of our classes with its phase
 * @param wakeUp  when a backoff ends and the next reconcile should run, if sooner than the resync
 * @param migrated every volume of another provisioner a migration looks at, with its state
 */
public record Plan(List<Action> actions, List<ClaimStatus> claims, Optional<Instant> wakeUp, List<Migrated> migrated) {

    public Plan(List<Action> actions, List<ClaimStatus> claims, Optional<Instant> wakeUp) {
        this(actions, claims, wakeUp, List.of());
    }

    public static Plan empty() {
        return new Plan(List.of(), List.of(), Optional.empty());
    }
}
