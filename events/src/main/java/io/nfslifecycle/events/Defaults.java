package io.nfslifecycle.events;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Fills the fields an older producer did not know with their {@link Default}s, in a record and the records in it. */
final class Defaults {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Defaults() {
    }

    /** @return true when something was filled in */
    static boolean fill(JsonNode node, Class<?> type) {
        if (!(node instanceof ObjectNode object) || !type.isRecord()) {
            return false;
        }
        boolean filled = false;
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode present = object.get(component.getName());
            Default fallback = component.getAnnotation(Default.class);
            if (present == null && fallback != null) {
                object.set(component.getName(), value(component.getType(), fallback.value()));
                filled = true;
            } else if (present != null && component.getType().isRecord()) {
                filled |= fill(present, component.getType());
            }
        }
        return filled;
    }

    private static JsonNode value(Class<?> type, String text) {
        if (type == boolean.class || type == Boolean.class) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return NODES.numberNode(text.isEmpty() ? 0 : Long.parseLong(text));
        }
        if (List.class.isAssignableFrom(type)) {
            return NODES.arrayNode();
        }
        if (Map.class.isAssignableFrom(type)) {
            return NODES.objectNode();
        }
        return NODES.textNode(text);
    }
}
