package io.nfslifecycle.claimwatcher.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem: what went wrong, and in {@code detail} a sentence saying what to do. */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static WebApplicationException of(Response.Status status, String detail) {
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
        return new WebApplicationException(Response.status(status).type(MEDIA_TYPE).entity(problem).build());
    }
}
