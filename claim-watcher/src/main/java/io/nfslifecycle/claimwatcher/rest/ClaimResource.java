package io.nfslifecycle.claimwatcher.rest;

import java.util.Arrays;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.nfslifecycle.claimwatcher.ClaimWatcher;
import io.nfslifecycle.claimwatcher.plan.ClaimPhase;
import io.nfslifecycle.claimwatcher.plan.ClaimStatus;
import io.nfslifecycle.claimwatcher.reconcile.ClusterView;
import io.nfslifecycle.kit.rest.Paging;
import io.nfslifecycle.kit.rest.PatternChecked;
import io.nfslifecycle.kit.rest.Problem;

/** Read-only: the claims of our StorageClasses as the watcher sees them. */
@Path("/api/v1/claims")
@Produces(MediaType.APPLICATION_JSON)
@PatternChecked
public class ClaimResource {
    private final ClaimWatcher watcher;
    private final ClusterView cluster;

    @Inject
    public ClaimResource(ClaimWatcher watcher, ClusterView cluster) {
        this.watcher = watcher;
        this.cluster = cluster;
    }

    @GET
    @Operation(summary = "The claims of our StorageClasses with their lifecycle phase, last event and last error")
    @APIResponse(responseCode = "200", description = "One page of claims, sorted by namespace and name")
    @APIResponse(responseCode = "400", description = "An unknown phase, or a paging value out of range")
    @APIResponse(responseCode = "503", description = "The watcher has not read the cluster yet")
    public ClaimPage list(
            @Parameter(description = "Only claims in this namespace") @QueryParam("namespace") String namespace,
            @Parameter(description = "Only claims in this phase (WAITING, INVALID, REQUESTED, FAILED, PROVISIONED,"
                    + " BOUND, RESIZING)") @QueryParam("phase") String phase,
            @Parameter(description = "page number, from 0") @QueryParam("page") @DefaultValue(Paging.DEFAULT_PAGE)
            @Pattern(regexp = Paging.PAGE, message = Paging.PAGE_MESSAGE) String page,
            @Parameter(description = "page size, 1 to 500") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE)
            @Pattern(regexp = Paging.SIZE, message = Paging.SIZE_MESSAGE) String size) {
        Optional<ClaimPhase> wanted = phase(phase);
        List<ClaimView> matching = claims().stream()
                .filter(c -> namespace == null || namespace.isBlank() || namespace.equals(c.namespace()))
                .filter(c -> wanted.isEmpty() || wanted.get() == c.phase())
                .map(ClaimView::of)
                .toList();
        return new ClaimPage(Paging.slice(matching, page, size), Integer.parseInt(page), Integer.parseInt(size),
                matching.size());
    }

    @GET
    @Path("/{namespace}/{name}")
    @Operation(summary = "One claim of our StorageClasses")
    @APIResponse(responseCode = "200", description = "The claim")
    @APIResponse(responseCode = "404", description = "No such claim of our StorageClasses")
    public ClaimView get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return claims().stream()
                .filter(c -> c.namespace().equals(namespace) && c.name().equals(name))
                .findFirst()
                .map(ClaimView::of)
                .orElseThrow(() -> Problem.exception(Response.Status.NOT_FOUND, "No claim " + namespace + "/" + name
                        + " of a StorageClass served by this watcher; check the name with 'kubectl get pvc -n "
                        + namespace + "' and that its storageClassName names a class of our provisioner."));
    }

    private List<ClaimStatus> claims() {
        if (!cluster.synced()) {
            throw Problem.exception(Response.Status.SERVICE_UNAVAILABLE, "The watcher has not read the cluster yet;"
                    + " retry in a few seconds, and if it lasts check /q/health/ready for the Kubernetes API.");
        }
        return watcher.plan().claims();
    }

    private static Optional<ClaimPhase> phase(String phase) {
        if (phase == null || phase.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClaimPhase.valueOf(phase.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw Problem.exception(Response.Status.BAD_REQUEST, "Unknown phase '" + phase + "'; use one of "
                    + Arrays.toString(ClaimPhase.values()) + " or leave the phase out to list every claim.");
        }
    }
}
