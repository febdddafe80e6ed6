package io.nfslifecycle.exportmanager.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.exportmanager.store.StoredExport;
import io.nfslifecycle.kit.rest.Paging;
import io.nfslifecycle.kit.rest.PatternChecked;
import io.nfslifecycle.kit.rest.Problem;

/** Read-only export state, straight from the durable records. */
@Path("/api/v1/exports")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "exports", description = "the export of every claim this server has seen")
@PatternChecked
public class ExportsResource {
    private static final Comparator<ExportRecord> ORDER = Comparator.comparing(ExportRecord::namespace)
            .thenComparing(ExportRecord::claimName).thenComparing(ExportRecord::claimUid);

    @Inject
    ExportLifecycle lifecycle;

    @GET
    @Operation(summary = "List exports", description = "Filtered by namespace and phase, ordered by namespace, "
            + "claim name and uid, one page at a time: page (from 0) and size (1 to 500, default 50).")
    @APIResponse(responseCode = "200", description = "one page of exports",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportPage.class)))
    @APIResponse(responseCode = "400", description = "a filter or paging value is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "only exports of claims in this namespace") @QueryParam("namespace") String namespace,
            @Parameter(description = "only exports in this phase: PENDING, READY, FAILED, RELEASING, ARCHIVED, "
                    + "DELETED or RETAINED (any case)") @QueryParam("phase") String phase,
            @Parameter(description = "page number, from 0") @QueryParam("page") @DefaultValue(Paging.DEFAULT_PAGE)
            @Pattern(regexp = Paging.PAGE, message = Paging.PAGE_MESSAGE) String page,
            @Parameter(description = "page size, 1 to 500") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE)
            @Pattern(regexp = Paging.SIZE, message = Paging.SIZE_MESSAGE) String size) {
        Optional<ExportPhase> wanted = Optional.empty();
        if (phase != null && !phase.isBlank()) {
            try {
                wanted = Optional.of(ExportPhase.valueOf(phase.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Problem.response(Response.Status.BAD_REQUEST, "phase '" + phase + "' is not a phase; use one "
                        + "of " + List.of(ExportPhase.values()) + " or leave it out", "/api/v1/exports");
            }
        }
        Optional<ExportPhase> phaseFilter = wanted;
        List<ExportRecord> matching = lifecycle.store().all().stream().map(StoredExport::export)
                .filter(e -> namespace == null || namespace.isBlank() || e.namespace().equals(namespace))
                .filter(e -> phaseFilter.isEmpty() || e.phase() == phaseFilter.get())
                .sorted(ORDER)
                .toList();
        return Response.ok(new ExportPage(Paging.slice(matching, page, size), Integer.parseInt(page),
                Integer.parseInt(size), matching.size())).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{namespace}/{claim}")
    @Operation(summary = "One claim's export", description = "The export of the claim with this namespace and "
            + "name; when the name was used again, the latest one (a live export before a reclaimed one).")
    @APIResponse(responseCode = "200", description = "the export record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportRecord.class)))
    @APIResponse(responseCode = "404", description = "this server has no export of that claim",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("namespace") String namespace, @PathParam("claim") String claim) {
        String instance = "/api/v1/exports/" + namespace + "/" + claim;
        return lifecycle.store().all().stream().map(StoredExport::export)
                .filter(e -> e.namespace().equals(namespace) && e.claimName().equals(claim))
                .max(Comparator.comparing((ExportRecord e) -> e.phase().isLive()).thenComparing(ExportRecord::updated))
                .map(e -> Response.ok(e).type(MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "server "
                        + lifecycle.settings().serverId() + " has no export of claim " + namespace + "/" + claim
                        + "; check the namespace and name, and that the claim's StorageClass names this server",
                        instance));
    }
}
