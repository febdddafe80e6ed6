package io.nfslifecycle.localstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

/**
 * The in-memory API's objects (each stored as its attributes and its JSON), found by name as well: fabric8's mock
 * looks at every object it holds for each get, delete and write of one object, so a cluster of thousands of claims
 * made each of those cost thousands of comparisons. Used in place of the mock's own map; every change goes through
 * {@link #put} and {@link #remove}, which keep the index.
 */
final class NamedObjects extends LinkedHashMap<AttributeSet, String> {
    private static final long serialVersionUID = 1L;

    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    @Override
    public String put(AttributeSet key, String value) {
        String before = super.put(key, value);
        name(key).ifPresent(name -> byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key));
        return before;
    }

    @Override
    public String remove(Object key) {
        String before = super.remove(key);
        if (before != null && key instanceof AttributeSet attributes) {
            name(attributes).ifPresent(name -> {
                Set<AttributeSet> keys = byName.get(name);
                if (keys != null && keys.remove(attributes) && keys.isEmpty()) {
                    byName.remove(name);
                }
            });
        }
        return before;
    }

    @Override
    public void clear() {
        super.clear();
        byName.clear();
    }

    /** The objects {@code query} names that match it, in the order stored; empty when it names none. */
    List<Map.Entry<AttributeSet, String>> named(AttributeSet query) {
        List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
        name(query).ifPresent(name -> {
            for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
                if (key.matches(query)) {
                    found.add(Map.entry(key, get(key)));
                }
            }
        });
        return found;
    }

    /** The one name an object's attributes, or a query's, give; empty for a list or a selector. */
    static java.util.Optional<String> name(AttributeSet attributes) {
        Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name == null || name.getValues().size() != 1
                || name.getType() != io.fabric8.mockwebserver.crud.AttributeType.WITH) {
            return java.util.Optional.empty();
        }
        String value = name.getValues().get(0).toString();
        return value == null || "*".equals(value) ? java.util.Optional.empty() : java.util.Optional.of(value);
    }
}
