package io.nfslifecycle.quotaauditor.rest;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nfslifecycle.kit.rest.Paging;
import io.nfslifecycle.kit.rest.BearerToken;
import io.nfslifecycle.kit.rest.PatternChecked;
import io.nfslifecycle.kit.rest.Problem;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.findings.AuditReport;
import io.nfslifecycle.quotaauditor.findings.Finding;
import io.nfslifecycle.quotaauditor.audit.AuditRunner;
import io.nfslifecycle.quotaauditor.audit.RunStatus;

/** The latest audit, one claim's usage, and audit runs. Thin: read the runner, map to HTTP. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "What each claim really uses, reconciled against requests and the volume")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@PatternChecked
public class AuditResource {

    private final AuditRunner runner;
    private final QuotaAuditorConfig config;

    @Inject
    public AuditResource(AuditRunner runner, QuotaAuditorConfig config) {
        this.runner = runner;
        this.config = config;
    }

    /** One claim in the latest audit: its usage and its open findings. */
    public record ClaimAudit(String runId, AuditReport.ClaimUsage usage, List<Finding> findings) {
    }

    /** A run that was started (or was already under way). */
    public record RunTicket(String runId, boolean alreadyRunning, String statusUrl) {
    }

    @GET
    @Operation(summary = "The latest audit: the volume, every live claim sorted by usage (largest first), the open findings")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuditReport.class)))
    @APIResponse(responseCode = "404", description = "No audit has finished yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response latest() {
        return runner.latest().map(r -> Response.ok(r).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "No audit has finished yet; wait for the"
                        + " first run (it starts once the exports topic is read) or start one with POST /api/v1/audit/runs."));
    }

    @GET
    @Path("/claims/{namespace}/{name}")
    @Operation(summary = "One live claim in the latest audit: what it uses and its open findings")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ClaimAudit.class)))
    @APIResponse(responseCode = "404", description = "No audit yet, or no live claim of that name on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response claim(@PathParam("namespace") @Pattern(regexp = Paging.NAMESPACE,
            message = Paging.NAMESPACE_MESSAGE) String namespace, @PathParam("name") String name) {
        AuditReport report = runner.latest().orElse(null);
        if (report == null) {
            return Problem.response(Response.Status.NOT_FOUND, "No audit has finished yet; wait for the first run or"
                    + " start one with POST /api/v1/audit/runs.");
        }
        return report.claim(namespace, name)
                .map(usage -> Response.ok(new ClaimAudit(report.runId(), usage, report.findings().stream()
                        .filter(f -> f.claimUid().equals(usage.claimUid())).toList())).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "Claim " + namespace + "/" + name
                        + " is not a live export of server " + config.serverId() + " in the latest audit ("
                        + report.runId() + "); check the namespace and name, or the claim's StorageClass server."));
    }

    @GET
    @Path("/runs/{id}")
    @Operation(summary = "One audit run: running, completed or failed, with its figures")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunStatus.class)))
    @APIResponse(responseCode = "404", description = "No such run (or too old to be remembered)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response run(@PathParam("id") String id) {
        return runner.run(id).map(r -> Response.ok(r).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "No audit run " + id + " is known; only"
                        + " the last " + config.audit().runsKept() + " runs since this service started are kept:"
                        + " use the id POST /api/v1/audit/runs returned, or GET /api/v1/audit for the latest."));
    }

    @POST
    @Path("/runs")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Start an audit now; while one is running, answers with that run's id instead of starting another")
    @APIResponse(responseCode = "202", description = "Started, or already under way (alreadyRunning)",
            content = @Content(schema = @Schema(implementation = RunTicket.class)))
    @APIResponse(responseCode = "401", description = "No or wrong bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response trigger(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!BearerToken.matches(config.apiToken(), authorization)) {
            return BearerToken.refusal(config.apiToken(), "Triggering audits", "quota-auditor");
        }
        AuditRunner.Ticket ticket = runner.trigger("api");
        return Response.accepted(new RunTicket(ticket.runId(), !ticket.started(), "/api/v1/audit/runs/" + ticket.runId()))
                .location(URI.create("/api/v1/audit/runs/" + ticket.runId())).build();
    }
}
