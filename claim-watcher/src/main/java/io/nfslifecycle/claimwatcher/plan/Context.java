package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;

/** What every decision of one plan works with. */
record Context(Observed observed, Instant now, Settings settings, Index index, PlanBuilder plan, Retries retries) {

    Request request(String claimUid) {
        return observed.requests().get(claimUid);
    }

    ExportState export(String claimUid) {
        return observed.exports().get(claimUid);
    }
}
