package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;

import io.nfslifecycle.events.ClaimEvent;

/**
 * When a claim event is asked (again): never twice while the first is open and in time, again once the request
 * timed out, and after a retryable refusal once its backoff ({@link Settings#backoff}) has passed.
 */
final class Retries {
    private final Instant now;
    private final Settings settings;
    private final PlanBuilder plan;

    Retries(Instant now, Settings settings, PlanBuilder plan) {
        this.now = now;
        this.settings = settings;
        this.plan = plan;
    }

    /**
     * True while a request of this type and size is open and not timed out; the plan then wakes up when it times
     * out, so it is asked again then, whatever else happens meanwhile.
     */
    boolean pending(Request request, String type, long bytes) {
        boolean pending = request != null && request.open() && request.type().equals(type)
                && request.bytes() == bytes && !timedOut(request);
        if (pending) {
            plan.wakeUpAt(request.at().plus(settings.requestTimeout()));
        }
        return pending;
    }

    boolean timedOut(Request request) {
        return !now.isBefore(request.at().plus(settings.requestTimeout()));
    }

    /** Asks again after a retryable refusal, once the backoff has passed; meanwhile asks to be woken up then. */
    void retryDue(PlanBuilder plan, ExportState export, Request request, String type, ClaimEvent again, long bytes,
            Notice notice) {
        if (request != null && request.type().equals(type) && request.at().isAfter(export.receivedAt())
                && !timedOut(request)) {
            plan.wakeUpAt(request.at().plus(settings.requestTimeout()));
            return;
        }
        Instant due = export.receivedAt().plus(settings.backoff(export.failures()));
        if (now.isBefore(due)) {
            plan.wakeUpAt(due);
            return;
        }
        plan.publish(again, bytes, notice);
    }
}
