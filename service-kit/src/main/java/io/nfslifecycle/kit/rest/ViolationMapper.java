package io.nfslifecycle.kit.rest;

import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request parameter that breaks its declared constraint: 400, problem+json, each violation named. */
@Provider
public class ViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        String violations = e.getConstraintViolations().stream().map(ViolationMapper::describe).sorted()
                .collect(Collectors.joining("; "));
        return Problem.response(Response.Status.BAD_REQUEST, violations
                + "; GET /q/openapi lists the parameters of this service.");
    }

    private static String describe(ConstraintViolation<?> v) {
        String value = String.valueOf(v.getInvalidValue());
        return v.getMessage() + " (was '" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "')";
    }
}
