package io.nfslifecycle.claimwatcher.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.claimwatcher.plan.ClaimStatus;

/** A claim as {@code GET /api/v1/claims} shows it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ClaimView(
        String namespace,
        String name,
        String uid,
        String storageClassName,
        String server,
        String requested,
        String phase,
        String volumeName,
        String lastEvent,
        String lastEventAt,
        String lastError) {

    static ClaimView of(ClaimStatus status) {
        return new ClaimView(status.namespace(), status.name(), status.uid(), status.storageClassName(),
                status.serverId(), status.requestedBytes() > 0 ? StorageSize.quantity(status.requestedBytes()).toString()
                        : "",
                status.phase().name(), status.volumeName(), status.lastEvent(),
                status.lastEventTime().map(Object::toString).orElse(""), status.lastError());
    }
}
