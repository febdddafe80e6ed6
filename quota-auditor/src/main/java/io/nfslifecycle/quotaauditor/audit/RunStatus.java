package io.nfslifecycle.quotaauditor.audit;

import java.time.Instant;

/**
 * One audit run, as {@code GET /api/v1/audit/runs/{id}} shows it.
 *
 * @param trigger         {@code start}, {@code schedule} or {@code api}
 * @param finishedAt      when it ended; equal to startedAt while running
 * @param findingsOpen    findings open after the run
 * @param changesPublished audit.finding events published by the run
 * @param error           why it failed; empty otherwise
 */
public record RunStatus(String id, State state, String trigger, Instant startedAt, Instant finishedAt,
        long durationMillis, long filesScanned, long directoriesScanned, int findingsOpen, int changesPublished,
        String error) {

    public enum State { RUNNING, COMPLETED, FAILED }

    static RunStatus started(String id, String trigger, Instant at) {
        return new RunStatus(id, State.RUNNING, trigger, at, at, 0, 0, 0, 0, 0, "");
    }

    RunStatus completed(Instant at, long files, long directories, int open, int published) {
        return new RunStatus(id, State.COMPLETED, trigger, startedAt, at, at.toEpochMilli() - startedAt.toEpochMilli(),
                files, directories, open, published, "");
    }

    RunStatus failed(Instant at, String why) {
        return new RunStatus(id, State.FAILED, trigger, startedAt, at, at.toEpochMilli() - startedAt.toEpochMilli(),
                0, 0, 0, 0, why);
    }
}
