package io.nfslifecycle.quotaauditor.rest;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details: what went wrong, and in {@code detail} a sentence saying what to do. */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail)).build();
    }
}
