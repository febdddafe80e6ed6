package io.nfslifecycle.exportmanager.rest;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nfslifecycle.exportmanager.lifecycle.ExportLifecycle;
import io.nfslifecycle.kit.rest.Problem;

/**
 * The storage side of a migration's dry run: for each volume another provisioner made, whether its directory would be
 * adopted, and if not why. Nothing is changed.
 */
@Path("/api/v1/migrations/dry-run")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "migrations", description = "taking over volumes another provisioner made, in place")
public class MigrationResource {

    /** One volume to check: its claim's uid, its PV's name, its directory relative to the export root. */
    public record Candidate(@NotBlank String claimUid, @NotBlank String volumeName, @NotBlank String directory) {
    }

    /** The answer for one volume: adoptable, or refused with the reason the create would give. */
    public record Check(String claimUid, String volumeName, String directory, boolean adoptable, String reason) {
    }

    @Inject
    ExportLifecycle lifecycle;

    @POST
    @Operation(summary = "Dry run of a migration", description = "For each volume (at most 10000), whether the "
            + "export manager would adopt its directory as it is: a real directory under the export root that no "
            + "other record stands for. Changes nothing.")
    public List<Check> dryRun(@NotNull @Size(max = 10_000) List<@Valid @NotNull Candidate> candidates) {
        return candidates.stream().map(c -> {
            Optional<String> refusal = lifecycle.migrationRefusal(c.directory(), c.claimUid(), c.volumeName());
            return new Check(c.claimUid(), c.volumeName(), c.directory(), refusal.isEmpty(), refusal.orElse(""));
        }).toList();
    }
}
