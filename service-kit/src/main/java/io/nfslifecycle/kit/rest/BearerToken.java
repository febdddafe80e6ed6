package io.nfslifecycle.kit.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The one rule every mutating call of the services' APIs keeps: it needs {@code Authorization: Bearer <token>} with
 * the configured {@code nfs-lifecycle.api-token} (compared in constant time); with no token configured, every such
 * call is refused.
 */
public final class BearerToken {
    private BearerToken() {
    }

    /** Whether the header carries the configured token. */
    public static boolean matches(Optional<String> configured, String authorization) {
        if (configured.isEmpty() || configured.get().isEmpty() || authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, configured.get().getBytes(StandardCharsets.UTF_8));
    }

    /** The 401 answer, saying what to do; {@code what} names the calls refused ("Triggering audits"). */
    public static Response refusal(Optional<String> configured, String what, String realm) {
        Response refused = Problem.response(Response.Status.UNAUTHORIZED,
                configured.isEmpty() || configured.get().isEmpty()
                        ? what + " is disabled because no token is configured; set nfs-lifecycle.api-token"
                                + " (NFS_LIFECYCLE_API_TOKEN) and send it as 'Authorization: Bearer <token>'."
                        : "Send the configured token as 'Authorization: Bearer <token>' (nfs-lifecycle.api-token).");
        return Response.fromResponse(refused).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"")
                .build();
    }
}
