package io.nfslifecycle.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The contract's field rules, checked when a record is built, so no half-filled event exists. */
final class Fields {
    /** Kubernetes: a namespace is a DNS label. */
    static final int MAX_NAMESPACE = 63;
    /** Kubernetes: an object name is a DNS subdomain. */
    static final int MAX_NAME = 253;
    static final int MAX_UID = 128;
    static final int MAX_TEXT = 4096;
    static final int MAX_PATH = 4096;

    private Fields() {
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    static String name(String field, String value, int maxBytes) {
        present(field, value);
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new InvalidEventException(field, "is longer than " + maxBytes + " bytes");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidEventException(field, "must not contain NUL");
        }
        return value;
    }

    /** A claim uid as the API server makes them (a file name on every filesystem too). */
    static String uid(String field, String value) {
        name(field, value, MAX_UID);
        KubernetesNames.uid(value).ifPresent(problem -> {
            throw new InvalidEventException(field, problem);
        });
        return value;
    }

    /** A namespace: a DNS label, as Kubernetes allows. */
    static String namespace(String field, String value) {
        name(field, value, MAX_NAMESPACE);
        KubernetesNames.namespace(value).ifPresent(problem -> {
            throw new InvalidEventException(field, problem);
        });
        return value;
    }

    /** A claim or volume name: a DNS subdomain, as Kubernetes allows. */
    static String objectName(String field, String value) {
        name(field, value, MAX_NAME);
        KubernetesNames.objectName(value).ifPresent(problem -> {
            throw new InvalidEventException(field, problem);
        });
        return value;
    }

    static String text(String field, String value) {
        present(field, value);
        if (value.length() > MAX_TEXT) {
            throw new InvalidEventException(field, "is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    static long bytes(String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(field, "must not be negative (was " + value + ")");
        }
        return value;
    }

    static long positiveBytes(String field, long value) {
        if (value <= 0) {
            throw new InvalidEventException(field, "must be positive (was " + value + ")");
        }
        return value;
    }

    static <T> List<T> list(String field, List<T> value) {
        present(field, value);
        for (T item : value) {
            present(field + "[]", item);
        }
        return List.copyOf(value);
    }

    static Map<String, String> map(String field, Map<String, String> value) {
        present(field, value);
        value.forEach((k, v) -> {
            present(field + " key", k);
            present(field + "." + k, v);
        });
        return Map.copyOf(value);
    }
}
