package io.nfslifecycle.quotaauditor.findings;

import io.nfslifecycle.events.AuditFinding.Status;

/** A finding to announce: new or materially changed ({@code OPEN}), or gone ({@code RESOLVED}). */
public record FindingChange(Finding finding, Status status) {
}
