package io.nfslifecycle.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Kubernetes manifests parsed into fabric8's model, without a cluster. */
final class Manifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** API groups of custom resources we ship; every other kind must be one fabric8 knows. */
    static final List<String> CUSTOM_RESOURCE_GROUPS = List.of("monitoring.coreos.com/");

    private Manifests() {
    }

    /** Every object of a (multi-document) YAML file. */
    static List<HasMetadata> parse(Path file) {
        return parseYaml(Project.read(file), file.toString());
    }

    /** Every object of a (multi-document) YAML text, e.g. what {@code kubectl kustomize} prints. */
    static List<HasMetadata> parseYaml(String yaml, String origin) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata)) {
                throw new IllegalArgumentException(origin + " holds a document that is no Kubernetes object: " + parsed);
            }
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    /** The manifests of deploy/kubernetes: every YAML file but the kustomizations themselves. */
    static List<Path> files() {
        return Project.files(Project.deploy().resolve("kubernetes"), ".yaml", ".yml").stream()
                .filter(p -> !p.getFileName().toString().startsWith("kustomization."))
                .collect(Collectors.toList());
    }

    static <T extends HasMetadata> List<T> all(Class<T> type) {
        return files().stream()
                .flatMap(f -> parse(f).stream())
                .filter(type::isInstance)
                .map(type::cast)
                .collect(Collectors.toList());
    }

    static <T extends HasMetadata> List<T> in(Path dir, Class<T> type) {
        return Project.files(dir, ".yaml").stream()
                .filter(p -> !p.getFileName().toString().startsWith("kustomization."))
                .flatMap(f -> parse(f).stream())
                .filter(type::isInstance)
                .map(type::cast)
                .collect(Collectors.toList());
    }

    /** True when fabric8 had no model class for the object's apiVersion and kind. */
    static boolean unknownKind(HasMetadata object) {
        return object instanceof GenericKubernetesResource;
    }

    static boolean isCustomResource(HasMetadata object) {
        return CUSTOM_RESOURCE_GROUPS.stream().anyMatch(group -> object.getApiVersion().startsWith(group));
    }

    /**
     * Fields the model does not know (a typo such as {@code readinesProbe} lands in additionalProperties), with
     * their path in the object.
     */
    static List<String> unknownFields(HasMetadata object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getKind() + "/" + object.getMetadata().getName(), found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof GenericKubernetesResource) {
            return;
        }
        if (value instanceof Collection) {
            int i = 0;
            for (Object item : (Collection<?>) value) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                walk(entry.getValue(), path + "." + entry.getKey(), found);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map && !((Map<?, ?>) child).isEmpty()) {
                    found.add(path + ": " + ((Map<?, ?>) child).keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            walk(child, path + "." + field, found);
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
