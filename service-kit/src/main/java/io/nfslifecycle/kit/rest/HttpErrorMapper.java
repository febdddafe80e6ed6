package io.nfslifecycle.kit.rest;

import java.util.Set;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every HTTP error, whether a resource raised it or the framework did (an unknown path, a wrong method, a media
 * type it cannot produce), answered as problem+json. A resource's own problem passes through unchanged.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response given = e.getResponse();
        if (given.getEntity() instanceof Problem) {
            return given;
        }
        Response.Status status = Response.Status.fromStatusCode(given.getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        String path = uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
        return Problem.of(status, detail(e, path), path).toResponse();
    }

    private static String detail(WebApplicationException e, String path) {
        if (e instanceof NotFoundException) {
            return "Nothing is served at " + path + "; GET /q/openapi lists the API of this service.";
        }
        if (e instanceof NotAllowedException) {
            Set<String> allowed = e.getResponse().getAllowedMethods();
            return "This method is not offered at " + path + (allowed.isEmpty() ? "" : " (it offers "
                    + String.join(", ", allowed) + ")") + "; GET /q/openapi lists the API of this service.";
        }
        return e.getMessage() + "; GET /q/openapi lists the API of this service.";
    }
}
