package io.nfslifecycle.kit.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/** A failure no resource expected: logged here with its trace, answered as problem+json without internals. */
@Provider
public class InternalErrorMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(InternalErrorMapper.class);

    @Override
    public Response toResponse(RuntimeException e) {
        LOG.error("a request failed", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "The service failed to answer (" + e.getClass().getSimpleName() + "); its log has the details."
                        + " Retry; if it persists, report it with the log lines around this time.");
    }
}
