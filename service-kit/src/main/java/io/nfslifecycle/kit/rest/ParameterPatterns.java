package io.nfslifecycle.kit.rest;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * A parameter of a {@link PatternChecked} resource method that breaks its declared {@link Pattern}: 400,
 * problem+json, each bad value named with the pattern's message, before the method runs. {@code @Pattern} (with its
 * message) is the one constraint the services declare on request parameters, and the OpenAPI document shows it;
 * this interceptor enforces it instead of a Bean Validation provider, which costs a storage service ~300 classes,
 * ~5 MiB and some 50 ms of its start. It checks the values the method receives, as such a provider does: after
 * Quarkus REST has applied a {@code @DefaultValue} (to a parameter left out or given empty) and looked the name up
 * (query names in any case); a {@code null} passes; the value must match the whole pattern. Only {@code @Pattern}
 * on a {@code String} parameter is read: a method with any other constraint on a parameter is refused at its first
 * call, and {@link #unchecked} finds, for each service's tests, a resource with a constraint that is not bound
 * here.
 */
@PatternChecked
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class ParameterPatterns {

    private final Map<Method, List<Rule>> rules = new ConcurrentHashMap<>();

    /** One parameter's pattern: its position, the pattern and the message. */
    record Rule(int index, java.util.regex.Pattern regex, String message) {
    }

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        List<Rule> checks = rules.computeIfAbsent(invocation.getMethod(), ParameterPatterns::rulesOf);
        Object[] values = invocation.getParameters();
        List<String> violations = new ArrayList<>();
        for (Rule rule : checks) {
            if (values[rule.index()] instanceof String value && !rule.regex().matcher(value).matches()) {
                violations.add(describe(rule.message(), value));
            }
        }
        if (!violations.isEmpty()) {
            throw new WebApplicationException(Problem.response(Response.Status.BAD_REQUEST, String.join("; ",
                    violations.stream().sorted().toList()) + "; GET /q/openapi lists the parameters of this service."));
        }
        return invocation.proceed();
    }

    /** How a bad value is named in a problem: the message and the value (cut at 60 characters). */
    static String describe(String message, String value) {
        return message + " (was '" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "')";
    }

    static List<Rule> rulesOf(Method method) {
        List<Rule> found = new ArrayList<>();
        Annotation[][] parameters = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            for (Annotation a : parameters[i]) {
                if (a instanceof Pattern p && types[i] == String.class && p.flags().length == 0
                        && !p.message().startsWith("{")) {
                    found.add(new Rule(i, java.util.regex.Pattern.compile(p.regexp()), p.message()));
                } else if (a.annotationType().getPackageName().startsWith("jakarta.validation")) {
                    throw new IllegalStateException(method + ": parameter " + i + " declares " + a + ", which nothing"
                            + " checks; only @Pattern(regexp, message) on a String parameter is checked");
                }
            }
        }
        return List.copyOf(found);
    }

    /**
     * What would go unchecked among the resource classes (those with {@code @Path}) compiled under a directory: a
     * method with a constraint on a parameter in a class that is not {@link PatternChecked}, or a constraint this
     * interceptor does not check. Empty when every declared constraint is enforced.
     */
    public static List<String> unchecked(Path classes) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                boolean constrained = Arrays.stream(method.getParameterAnnotations()).flatMap(Arrays::stream)
                        .anyMatch(a -> a.annotationType().getPackageName().startsWith("jakarta.validation"));
                if (constrained && !type.isAnnotationPresent(PatternChecked.class)) {
                    problems.add(type.getName() + "." + method.getName() + " has a constrained parameter, but "
                            + type.getSimpleName() + " is not @PatternChecked: nothing checks it");
                }
                try {
                    rulesOf(method);
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }
}
