package io.nfslifecycle.exportmanager.rest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    public record Candidate(@Schema(required = true, pattern = NOT_BLANK) String claimUid,
            @Schema(required = true, pattern = NOT_BLANK) String volumeName,
            @Schema(required = true, pattern = NOT_BLANK) String directory) {
    }

    /** What a candidate's fields must hold: a character other than white space. */
    static final String NOT_BLANK = ".*\\S.*";

    /** The most volumes one dry run checks. */
    static final int MAX_CANDIDATES = 10_000;

    /** The answer for one volume: adoptable, or refused with the reason the create would give. */
    public record Check(String claimUid, String volumeName, String directory, boolean adoptable, String reason) {
    }

    @Inject
    ExportLifecycle lifecycle;

    @POST
    @Operation(summary = "Dry run of a migration", description = "For each volume (at most 10000), whether the "
            + "export manager would adopt its directory as it is: a real directory under the export root that no "
            + "other record stands for. Changes nothing.")
    public List<Check> dryRun(List<Candidate> candidates) {
        refuseUnless(candidates != null, "the body must be a JSON list of volumes");
        refuseUnless(candidates.size() <= MAX_CANDIDATES, "at most " + MAX_CANDIDATES + " volumes in one dry run (was "
                + candidates.size() + "); split the list");
        List<Integer> incomplete = IntStream.range(0, candidates.size()).filter(i -> !complete(candidates.get(i)))
                .boxed().toList();
        refuseUnless(incomplete.isEmpty(), "every volume must have a claimUid, a volumeName and a directory, none of"
                + " them blank; these do not (counted from 0): " + incomplete.stream().limit(20).map(String::valueOf)
                .collect(Collectors.joining(", ")) + (incomplete.size() > 20 ? " and " + (incomplete.size() - 20)
                + " more" : ""));
        return candidates.stream().map(c -> {
            Optional<String> refusal = lifecycle.migrationRefusal(c.directory(), c.claimUid(), c.volumeName());
            return new Check(c.claimUid(), c.volumeName(), c.directory(), refusal.isEmpty(), refusal.orElse(""));
        }).toList();
    }

    private static boolean complete(Candidate c) {
        return c != null && present(c.claimUid()) && present(c.volumeName()) && present(c.directory());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static void refuseUnless(boolean valid, String detail) {
        if (!valid) {
            throw new WebApplicationException(Problem.response(Response.Status.BAD_REQUEST, detail
                    + "; GET /q/openapi describes this request."));
        }
    }
}
