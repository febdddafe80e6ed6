package io.nfslifecycle.claimwatcher.plan;

/** A claim's phase as a decision left it, and what went wrong or what it waits for. */
record Status(ClaimPhase phase, String error) {
}
