package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.ClaimEvent;

/** The plan being made: the actions in order, every claim's status, the earliest wake-up a backoff asks for. */
final class PlanBuilder {
    private final Observed observed;
    private final List<Action> actions = new ArrayList<>();
    private final List<ClaimStatus> statuses = new ArrayList<>();
    private final List<Migrated> migrated = new ArrayList<>();
    private Instant wakeUp;

    PlanBuilder(Observed observed) {
        this.observed = observed;
    }

    void add(Action action) {
        actions.add(action);
    }

    void publish(ClaimEvent event, long bytes, Notice notice) {
        actions.add(new Action.Publish(event, bytes, notice));
    }

    /** Tells the notice unless one with the same once-key was told before. */
    void tellOnce(Notice notice, String onceKey) {
        if (!observed.told().contains(onceKey)) {
            actions.add(new Action.Notify(notice, onceKey));
        }
    }

    void status(ClaimStatus status) {
        statuses.add(status);
    }

    void migrated(Migrated volume) {
        migrated.add(volume);
    }

    void wakeUpAt(Instant at) {
        wakeUp = wakeUp == null || at.isBefore(wakeUp) ? at : wakeUp;
    }

    Plan build() {
        return new Plan(List.copyOf(actions), List.copyOf(statuses), Optional.ofNullable(wakeUp),
                List.copyOf(migrated));
    }
}
