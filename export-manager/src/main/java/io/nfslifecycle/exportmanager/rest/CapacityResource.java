package io.nfslifecycle.exportmanager.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.exportmanager.reporting.CapacityReporter;
import io.nfslifecycle.kit.rest.Problem;

/** The export root's capacity now, as {@code capacity.reported} carries it. */
@Path("/api/v1/capacity")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "capacity", description = "the export root's filesystem and what is provisioned on it")
public class CapacityResource {

    @Inject
    CapacityReporter capacity;

    @GET
    @Operation(summary = "Capacity now", description = "statvfs of the export root (total, used, free bytes, as "
            + "df -B1 shows them), the sum of the live exports' requests, their count, the overcommit ratio, and whether each "
            + "claim is held to its request by a project quota (quotas: 'enforced ...' or 'not enforced: <why>').")
    @APIResponse(responseCode = "200", description = "the capacity",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CapacityReported.class)))
    @APIResponse(responseCode = "503", description = "the filesystem cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get() {
        return capacity.current()
                .map(report -> Response.ok(report).type(MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the export root's filesystem "
                        + "cannot be read; the operator must check the volume and the service's log",
                        "/api/v1/capacity"));
    }
}
