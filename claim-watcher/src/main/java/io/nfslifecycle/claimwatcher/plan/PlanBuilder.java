package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.events.ClaimEvent;

/**
 * The plan being made: the actions in order, grouped by the claim each decision was about, every claim's status,
 * when each claim's backoff ends.
 */
final class PlanBuilder {
    private final Observed observed;
    private final Scope scope;
    private final Map<String, List<Action>> actions = new LinkedHashMap<>();
    private final List<ClaimStatus> statuses = new ArrayList<>();
    private final List<Migrated> migrated = new ArrayList<>();
    private final Map<String, Instant> wakeUps = new LinkedHashMap<>();
    private String about = "";

    PlanBuilder(Observed observed, Scope scope) {
        this.observed = observed;
        this.scope = scope;
    }

    /** The claim (by uid) the decisions that follow are about; their actions are carried out in this order. */
    void about(String claimUid) {
        about = claimUid == null ? "" : claimUid;
    }

    void add(Action action) {
        actions.computeIfAbsent(about, a -> new ArrayList<>()).add(action);
    }

    void publish(ClaimEvent event, long bytes, Notice notice) {
        add(new Action.Publish(event, bytes, notice));
    }

    /** Tells the notice unless one with the same once-key was told before. */
    void tellOnce(Notice notice, String onceKey) {
        if (!observed.told().contains(onceKey)) {
            add(new Action.Notify(notice, onceKey, false));
        }
    }

    /** The same, for a notice of what an export record said: it comes after the notice of the request it answers. */
    void tellAnswerOnce(Notice notice, String onceKey) {
        if (!observed.told().contains(onceKey)) {
            add(new Action.Notify(notice, onceKey, true));
        }
    }

    void status(ClaimStatus status) {
        statuses.add(status);
    }

    void migrated(Migrated volume) {
        migrated.add(volume);
    }

    /** The claim being decided wants another look at {@code at} (a backoff ends). */
    void wakeUpAt(Instant at) {
        wakeUps.merge(about, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    Plan build() {
        List<Action> all = new ArrayList<>();
        actions.values().forEach(all::addAll);
        Optional<Instant> first = wakeUps.values().stream().min(Instant::compareTo);
        return new Plan(List.copyOf(all), List.copyOf(statuses), first, List.copyOf(migrated), scope,
                copy(actions), Map.copyOf(wakeUps));
    }

    private static Map<String, List<Action>> copy(Map<String, List<Action>> batches) {
        Map<String, List<Action>> copy = new LinkedHashMap<>();
        batches.forEach((about, actions) -> copy.put(about, List.copyOf(actions)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
