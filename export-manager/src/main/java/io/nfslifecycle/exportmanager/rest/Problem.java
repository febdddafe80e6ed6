package io.nfslifecycle.exportmanager.rest;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details: what went wrong and, in {@code detail}, what to do about it. */
@Schema(name = "Problem", description = "application/problem+json (RFC 9457)")
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail, String instance) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance))
                .build();
    }
}
