package io.nfslifecycle.exportmanager.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.events.Retention;
import io.nfslifecycle.exportmanager.ExportManagerConfig;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;
import io.nfslifecycle.exportmanager.kafka.ClaimWork;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.store.StoredExport;
import io.nfslifecycle.kit.rest.BearerToken;
import io.nfslifecycle.kit.rest.Paging;
import io.nfslifecycle.kit.rest.PatternChecked;
import io.nfslifecycle.kit.rest.Problem;

/**
 * The recycle bin: every archive a release made, its size, age and expiry; purge one now, or keep one longer. The
 * mutating calls need the bearer token {@code nfs-lifecycle.api-token}.
 */
@Path("/api/v1/archives")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "archives", description = "the recycle bin: archives of released claims, their retention and purge")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@PatternChecked
public class ArchivesResource {
    private static final Set<String> STATES = Set.of("kept", "purging", "purged", "restoring", "restored");
    private static final Comparator<ArchiveView> ORDER = Comparator.comparing(ArchiveView::archivedAt)
            .thenComparing(ArchiveView::id);
    private static final String REALM = "export-manager";

    /** A new retention for an archive, counted from when it was archived; 0 keeps it until purged by hand. */
    public record RetentionChange(@Schema(description = "30s, 90m, 36h, 7d, 2w; 0 keeps it forever") String retention) {
    }

    @Inject
    ExportLifecycle lifecycle;

    @Inject
    ClaimWork work;

    @Inject
    ExportManagerConfig config;

    @GET
    @Operation(summary = "List archives", description = "Filtered by namespace, state (kept, purging, purged, "
            + "restoring, restored) and whether they are expired, oldest first, one page at a time: page (from 0) "
            + "and size (1 to 500, default 50).")
    @APIResponse(responseCode = "200", description = "one page of archives",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArchivePage.class)))
    @APIResponse(responseCode = "400", description = "a filter or paging value is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "only archives of claims in this namespace") @QueryParam("namespace") String namespace,
            @Parameter(description = "only archives in this state") @QueryParam("state") String state,
            @Parameter(description = "true: only kept archives past their expiry; false: only the others")
            @QueryParam("expired") @Pattern(regexp = "true|false", message = "expired must be true or false") String expired,
            @Parameter(description = "page number, from 0") @QueryParam("page") @DefaultValue(Paging.DEFAULT_PAGE)
            @Pattern(regexp = Paging.PAGE, message = Paging.PAGE_MESSAGE) String page,
            @Parameter(description = "page size, 1 to 500") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE)
            @Pattern(regexp = Paging.SIZE, message = Paging.SIZE_MESSAGE) String size) {
        if (state != null && !state.isBlank() && !STATES.contains(state.trim())) {
            return Problem.response(Response.Status.BAD_REQUEST, "state '" + state + "' is not a state of an archive; "
                    + "use one of kept, purging, purged, restoring, restored or leave it out", "/api/v1/archives");
        }
        Instant now = Instant.now();
        List<ArchiveView> matching = lifecycle.archives().all().stream().map(s -> view(s, now))
                .filter(a -> namespace == null || namespace.isBlank() || a.namespace().equals(namespace))
                .filter(a -> state == null || state.isBlank() || a.state().equals(state.trim()))
                .filter(a -> expired == null || expired(a, now) == Boolean.parseBoolean(expired))
                .sorted(ORDER).toList();
        long bytes = matching.stream().mapToLong(a -> Math.max(0, a.bytes())).sum();
        return Response.ok(new ArchivePage(Paging.slice(matching, page, size), Integer.parseInt(page),
                Integer.parseInt(size), matching.size(), bytes)).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One archive", description = "By its id, the uid of the claim it was made from.")
    @APIResponse(responseCode = "200", description = "the archive",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArchiveView.class)))
    @APIResponse(responseCode = "404", description = "no archive of that id on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") String id) {
        return lifecycle.archives().get(id).map(s -> Response.ok(view(s, Instant.now())).type(MediaType.APPLICATION_JSON)
                .build()).orElseGet(() -> notFound(id));
    }

    @DELETE
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Purge an archive now", description = "Records the purge (reason operator), removes the "
            + "archive's tree without following any link, and says export.purged. Answers once the purge is "
            + "recorded; the tree may still be going.")
    @APIResponse(responseCode = "202", description = "the purge is under way or done",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArchiveView.class)))
    @APIResponse(responseCode = "401", description = "no or wrong bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no archive of that id on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "purged already, or taken by a restore",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response purge(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws InterruptedException {
        if (!BearerToken.matches(config.apiToken(), authorization)) {
            return BearerToken.refusal(config.apiToken(), "Purging archives", REALM);
        }
        Optional<StoredExport> found = lifecycle.archives().get(id);
        if (found.isEmpty()) {
            return notFound(id);
        }
        String state = found.get().archive().state();
        if (!state.equals("kept") && !state.equals("purging")) {
            return Problem.response(Response.Status.CONFLICT, "archive " + id + " is " + state + "; there is nothing "
                    + "left to purge", "/api/v1/archives/" + id);
        }
        try {
            work.purge(id, ExportPurged.OPERATOR).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the purge waits behind the claim's earlier work; it is made in its order
        } catch (java.util.concurrent.ExecutionException e) {
            return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "the purge of archive " + id + " failed ("
                    + e.getCause().getMessage() + "); the next sweep of the bin tries again", "/api/v1/archives/" + id);
        }
        StoredExport now = lifecycle.archives().get(id).orElse(found.get());
        if (now.archive().taken()) {
            return Problem.response(Response.Status.CONFLICT, "archive " + id + " was taken by a restore meanwhile; "
                    + "it is not purged", "/api/v1/archives/" + id);
        }
        return Response.accepted(view(now, Instant.now())).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{id}/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Keep an archive longer", description = "Its new retention, counted from when it was "
            + "archived (0: until purged by hand). A retention only ever grows here: purge sooner with DELETE.")
    @APIResponse(responseCode = "200", description = "the archive with its new expiry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ArchiveView.class)))
    @APIResponse(responseCode = "400", description = "no retention, or not one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "no or wrong bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no archive of that id on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "it would shorten the retention, or the archive is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response extend(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            RetentionChange change) {
        if (!BearerToken.matches(config.apiToken(), authorization)) {
            return BearerToken.refusal(config.apiToken(), "Changing retentions", REALM);
        }
        String instance = "/api/v1/archives/" + id + "/retention";
        if (change == null || change.retention() == null || !Retention.isValid(change.retention())) {
            return Problem.response(Response.Status.BAD_REQUEST, "send {\"retention\": \"30d\"}: a whole number and a "
                    + "unit (30s, 90m, 36h, 7d, 2w), or 0 to keep the archive until it is purged by hand", instance);
        }
        Optional<StoredExport> found = lifecycle.archives().get(id);
        if (found.isEmpty()) {
            return notFound(id);
        }
        Duration retention = Retention.parse(change.retention());
        Instant expiry = ArchiveRules.expiry(found.get().archive().archivedAt(), retention);
        Optional<String> refused = lifecycle.archives().extend(id, expiry);
        if (refused.isPresent()) {
            return Problem.response(Response.Status.CONFLICT, refused.get(), instance);
        }
        return Response.ok(view(lifecycle.archives().get(id).orElseThrow(), Instant.now()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    private ArchiveView view(StoredExport stored, Instant now) {
        return ArchiveView.of(stored, lifecycle.settings().nfsPath(), now);
    }

    private static boolean expired(ArchiveView archive, Instant now) {
        return archive.state().equals("kept") && archive.expiresAt() != null && !archive.expiresAt().isAfter(now);
    }

    private Response notFound(String id) {
        return Problem.response(Response.Status.NOT_FOUND, "server " + lifecycle.settings().serverId() + " has no "
                + "archive " + id + "; an archive's id is the uid of the claim it was made from (GET /api/v1/archives "
                + "lists them)", "/api/v1/archives/" + id);
    }
}
