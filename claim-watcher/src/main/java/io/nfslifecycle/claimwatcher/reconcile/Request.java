package io.nfslifecycle.claimwatcher.reconcile;

import java.time.Instant;

/**
 * A claim event this watcher published (or is publishing) and not yet seen answered.
 *
 * @param type  the CloudEvents type published
 * @param bytes the size asked for; 0 for a release
 * @param at    when it was handed to Kafka
 */
public record Request(String type, long bytes, Instant at) {
}
