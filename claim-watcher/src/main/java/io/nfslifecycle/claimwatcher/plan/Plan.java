package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one reconcile.
 *
 * @param actions  what to do, in order
 * @param claims   every claim of our classes the plan looked at, with its phase
 * @param wakeUp   when the first backoff ends and the next reconcile should run, if sooner than the resync
 * @param migrated every volume of another provisioner a migration looks at, with its state (of those looked at)
 * @param scope    what the plan looked at: everything, or some claims and volumes
 * @param batches  the actions again, by the uid of the claim they are about, each claim's in order: the batches of
 *                 different claims are independent
 * @param wakeUps  by claim uid, when its backoff ends
 */
public record Plan(List<Action> actions, List<ClaimStatus> claims, Optional<Instant> wakeUp, List<Migrated> migrated,
        Scope scope, Map<String, List<Action>> batches, Map<String, Instant> wakeUps) {

    public Plan(List<Action> actions, List<ClaimStatus> claims, Optional<Instant> wakeUp, List<Migrated> migrated) {
        this(actions, claims, wakeUp, migrated, Scope.all(), actions.isEmpty() ? Map.of() : Map.of("", actions),
                Map.of());
    }

    public Plan(List<Action> actions, List<ClaimStatus> claims, Optional<Instant> wakeUp) {
        this(actions, claims, wakeUp, List.of());
    }

    public static Plan empty() {
        return new Plan(List.of(), List.of(), Optional.empty());
    }
}
