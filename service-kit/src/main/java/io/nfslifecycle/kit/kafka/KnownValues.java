package io.nfslifecycle.kit.kafka;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;

/**
 * Metric tags from a bounded set, whatever a producer sends: a CloudEvents type the contract knows or
 * {@code unknown}, a field of the contract (its first path segment) or {@code other}.
 */
public final class KnownValues {
    private static final Set<String> FIELDS = fields();

    private KnownValues() {
    }

    /** The type as a tag: itself when the contract knows it, {@code none} when absent, else {@code unknown}. */
    public static String type(String ceType) {
        if (ceType == null || ceType.isEmpty()) {
            return "none";
        }
        return EventTypes.all().contains(ceType) ? ceType : "unknown";
    }

    /** {@code labels.x} and {@code accessModes[3]} as {@code labels} and {@code accessModes}; a name the contract does not have as {@code other}. */
    public static String field(String field) {
        if (field == null || field.isEmpty()) {
            return "other";
        }
        String top = field;
        int cut = indexOfAny(top, ".[ ");
        if (cut > 0) {
            top = top.substring(0, cut);
        }
        return FIELDS.contains(top) ? top : "other";
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> fields() {
        Set<String> names = new HashSet<>(Set.of("key", "value", "handler", EventCodec.CE_SPECVERSION, EventCodec.CE_ID,
                EventCodec.CE_SOURCE, EventCodec.CE_TYPE, EventCodec.CE_TIME, EventCodec.CE_SUBJECT,
                EventCodec.CONTENT_TYPE));
        Deque<Class<?>> records = new ArrayDeque<>();
        EventTypes.all().forEach(type -> EventTypes.recordOf(type).ifPresent(records::add));
        Set<Class<?>> seen = new HashSet<>();
        while (!records.isEmpty()) {
            Class<?> next = records.pop();
            if (!seen.add(next) || !next.isRecord()) {
                continue;
            }
            for (RecordComponent component : next.getRecordComponents()) {
                names.add(component.getName());
                if (component.getType().isRecord()) {
                    records.add(component.getType());
                }
            }
        }
        return Set.copyOf(names);
    }
}
