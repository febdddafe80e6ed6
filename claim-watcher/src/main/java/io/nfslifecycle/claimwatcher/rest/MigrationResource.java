package io.nfslifecycle.claimwatcher.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.nfslifecycle.claimwatcher.ClaimWatcher;
import io.nfslifecycle.claimwatcher.plan.Migrated;
import io.nfslifecycle.claimwatcher.reconcile.ClusterView;
import io.nfslifecycle.kit.rest.Problem;

/** Read-only: the volumes another provisioner made, and what the migration does or would do with each. */
@Path("/api/v1/migration")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {
    private final ClaimWatcher watcher;
    private final ClusterView cluster;

    @Inject
    public MigrationResource(ClaimWatcher watcher, ClusterView cluster) {
        this.watcher = watcher;
        this.cluster = cluster;
    }

    @GET
    @Operation(summary = "The migration's volumes", description = "Every PV made by a configured provisioner "
            + "(nfs-lifecycle.migration.provisioners), sorted by name: WOULD_ADOPT while adoption is off (the dry "
            + "run), ADOPTING, ADOPTED, or REFUSED with the reason. The directory checks of the storage side are the "
            + "export manager's POST /api/v1/migrations/dry-run.")
    @APIResponse(responseCode = "200", description = "The volumes")
    @APIResponse(responseCode = "503", description = "The watcher has not read the cluster yet")
    public List<Migrated> list() {
        if (!cluster.synced()) {
            throw Problem.exception(Response.Status.SERVICE_UNAVAILABLE, "The watcher has not read the cluster yet;"
                    + " retry in a few seconds, and if it lasts check /q/health/ready for the Kubernetes API.");
        }
        return watcher.plan().migrated();
    }
}
