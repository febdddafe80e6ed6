package io.nfslifecycle.kit.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * A path or query parameter that breaks its declared {@link Pattern}: 400, problem+json, each violation named,
 * before the resource method runs. {@code @Pattern} (with its message) is the one constraint the services declare
 * on parameters, and the OpenAPI document shows it; this filter enforces it instead of a Bean Validation provider,
 * which costs a storage service ~300 classes, ~5 MiB and some 50 ms of its start. A parameter left out is checked
 * as its {@link DefaultValue}, or not at all without one; the value must match the whole pattern.
 */
@Provider
public class ParameterPatterns implements ContainerRequestFilter {

    private static final Map<Method, List<Rule>> RULES = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    /** One parameter's pattern: where the value is, its name, its default, the pattern and the message. */
    record Rule(boolean inPath, String name, String fallback, java.util.regex.Pattern regex, String message) {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        List<Rule> rules = method == null ? List.of() : RULES.computeIfAbsent(method, ParameterPatterns::rulesOf);
        if (rules.isEmpty()) {
            return;
        }
        List<String> violations = new ArrayList<>();
        for (Rule rule : rules) {
            MultivaluedMap<String, String> values = rule.inPath() ? request.getUriInfo().getPathParameters()
                    : request.getUriInfo().getQueryParameters();
            String value = values.containsKey(rule.name()) ? values.getFirst(rule.name()) : rule.fallback();
            if (value != null && !rule.regex().matcher(value).matches()) {
                violations.add(describe(rule.message(), value));
            }
        }
        if (!violations.isEmpty()) {
            request.abortWith(Problem.response(Response.Status.BAD_REQUEST, String.join("; ",
                    violations.stream().sorted().toList()) + "; GET /q/openapi lists the parameters of this service."));
        }
    }

    /** How a bad value is named in a problem: the rule's message and the value (cut at 60 characters). */
    public static String describe(String message, String value) {
        return message + " (was '" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "')";
    }

    static List<Rule> rulesOf(Method method) {
        List<Rule> rules = new ArrayList<>();
        Annotation[][] all = method.getParameterAnnotations();
        for (Annotation[] annotations : all) {
            Pattern pattern = null;
            String path = null;
            String query = null;
            String fallback = null;
            for (Annotation a : annotations) {
                if (a instanceof Pattern p) {
                    pattern = p;
                } else if (a instanceof PathParam p) {
                    path = p.value();
                } else if (a instanceof QueryParam q) {
                    query = q.value();
                } else if (a instanceof DefaultValue d) {
                    fallback = d.value();
                }
            }
            if (pattern != null && (path != null || query != null)) {
                rules.add(new Rule(path != null, path != null ? path : query, fallback,
                        java.util.regex.Pattern.compile(pattern.regexp()), pattern.message()));
            }
        }
        return List.copyOf(rules);
    }
}
