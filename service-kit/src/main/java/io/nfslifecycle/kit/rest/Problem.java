package io.nfslifecycle.kit.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 9457 problem details, the one error body of every service: what went wrong and, in {@code detail}, one
 * sentence saying what to do about it. {@code instance} names the resource the request was about, when there is one.
 */
@Schema(name = "Problem", description = "application/problem+json (RFC 9457)")
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.Status status, String detail) {
        return of(status, detail, null);
    }

    public static Problem of(Response.Status status, String detail, String instance) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance);
    }

    /** The answer to return from a resource method. */
    public static Response response(Response.Status status, String detail) {
        return of(status, detail).toResponse();
    }

    public static Response response(Response.Status status, String detail, String instance) {
        return of(status, detail, instance).toResponse();
    }

    /** The exception to throw where a method returns its entity. */
    public static WebApplicationException exception(Response.Status status, String detail) {
        return new WebApplicationException(of(status, detail).toResponse());
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
