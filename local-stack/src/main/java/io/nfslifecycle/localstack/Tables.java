package io.nfslifecycle.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * What a real API server's printer answers to {@code kubectl get}: a {@code meta.k8s.io/v1} Table with the columns
 * kubectl shows for claims, volumes, storage classes and events. Any other kind is left to kubectl's own printing.
 */
final class Tables {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Column(String name, String type, Function<JsonNode, String> cell) {
    }

    private Tables() {
    }

    /** The table for what {@code path} names, from the plain answer; empty for kinds kubectl prints itself. */
    static Optional<String> of(String path, MockResponse plain) {
        if (plain.code() != 200 || plain.getBody() == null) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(plain.getBody().getBytes());
            String kind = kindOf(path);
            List<Column> columns = columns(kind);
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
            table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
            ArrayNode definitions = table.putArray("columnDefinitions");
            columns.forEach(c -> definitions.addObject().put("name", c.name()).put("type", c.type())
                    .put("format", c.name().equals("Name") ? "name" : "").put("description", "").put("priority", 0));
            ArrayNode rows = table.putArray("rows");
            List<JsonNode> items = new ArrayList<>();
            if (body.has("items")) {
                body.path("items").forEach(items::add);
            } else {
                items.add(body);
            }
            for (JsonNode item : items) {
                ObjectNode row = rows.addObject();
                ArrayNode cells = row.putArray("cells");
                columns.forEach(c -> cells.add(c.cell().apply(item)));
                row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
                        .set("metadata", item.path("metadata"));
            }
            return Optional.of(JSON.writeValueAsString(table));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The list answer with only the items every {@code field=value} of the query's fieldSelector matches. */
    static MockResponse selected(MockResponse list, String query) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("fieldSelector=")) {
                String selector = URLDecoder.decode(parameter.substring("fieldSelector=".length()),
                        StandardCharsets.UTF_8);
                for (String term : selector.split(",")) {
                    int eq = term.indexOf('=');
                    if (eq > 0) {
                        wanted.put(term.substring(0, eq), term.substring(eq + 1).replaceFirst("^=", ""));
                    }
                }
            }
        }
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(list.getBody().getBytes());
            ArrayNode kept = JSON.createArrayNode();
            body.path("items").forEach(item -> {
                boolean all = wanted.entrySet().stream().allMatch(w -> {
                    JsonNode at = item;
                    for (String p : w.getKey().split("\\.")) {
                        at = at.path(p);
                    }
                    return w.getValue().equals(at.asText());
                });
                if (all) {
                    kept.add(item);
                }
            });
            body.set("items", kept);
            body.put("kind", "EventList"); // the mock answers "List", which kubectl does not take for events
            return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(body));
        } catch (java.io.IOException | RuntimeException e) {
            return list;
        }
    }

    private static String kindOf(String path) {
        for (String segment : path.split("/")) {
            switch (segment) {
                case "persistentvolumeclaims":
                    return "PersistentVolumeClaim";
                case "persistentvolumes":
                    return "PersistentVolume";
                case "storageclasses":
                    return "StorageClass";
                case "events":
                    return "Event";
                default:
                    break;
            }
        }
        return "";
    }

    private static List<Column> columns(String kind) {
        Column name = new Column("Name", "string", n -> n.path("metadata").path("name").asText());
        Column age = new Column("Age", "string", n -> age(n.path("metadata").path("creationTimestamp").asText()));
        return switch (kind) {
            case "PersistentVolumeClaim" -> List.of(name,
                    phase(), text("Volume", "spec", "volumeName"),
                    text("Capacity", "status", "capacity", "storage"), modes("status"),
                    text("StorageClass", "spec", "storageClassName"), age);
            case "PersistentVolume" -> List.of(name, text("Capacity", "spec", "capacity", "storage"), modes("spec"),
                    text("Reclaim Policy", "spec", "persistentVolumeReclaimPolicy"), phase(),
                    new Column("Claim", "string", n -> n.path("spec").has("claimRef")
                            ? n.path("spec").path("claimRef").path("namespace").asText() + "/"
                                    + n.path("spec").path("claimRef").path("name").asText() : ""),
                    text("StorageClass", "spec", "storageClassName"), text("Reason", "status", "reason"), age);
            case "StorageClass" -> List.of(name, text("Provisioner", "provisioner"),
                    text("ReclaimPolicy", "reclaimPolicy"), text("VolumeBindingMode", "volumeBindingMode"),
                    text("AllowVolumeExpansion", "allowVolumeExpansion"), age);
            case "Event" -> List.of(
                    new Column("Last Seen", "string", n -> age(first(n, "lastTimestamp", "eventTime", "firstTimestamp"))),
                    text("Type", "type"), text("Reason", "reason"),
                    new Column("Object", "string", n -> n.path("involvedObject").path("kind").asText().toLowerCase()
                            + "/" + n.path("involvedObject").path("name").asText()),
                    text("Message", "message"));
            default -> List.of();
        };
    }

    private static Column text(String title, String... path) {
        return new Column(title, "string", n -> {
            JsonNode at = n;
            for (String p : path) {
                at = at.path(p);
            }
            return at.isMissingNode() || at.isNull() ? "" : at.asText();
        });
    }

    /** As the API server sets it on create: a claim or a volume without a phase yet is Pending. */
    private static Column phase() {
        return new Column("Status", "string", n -> n.path("status").path("phase").asText("").isEmpty() ? "Pending"
                : n.path("status").path("phase").asText());
    }

    private static Column modes(String where) {
        return new Column("Access Modes", "string", n -> {
            List<String> modes = new ArrayList<>();
            n.path(where).path("accessModes").forEach(m -> modes.add(switch (m.asText()) {
                case "ReadWriteOnce" -> "RWO";
                case "ReadOnlyMany" -> "ROX";
                case "ReadWriteMany" -> "RWX";
                case "ReadWriteOncePod" -> "RWOP";
                default -> m.asText();
            }));
            if (modes.isEmpty() && "status".equals(where)) {
                return "";
            }
            return String.join(",", modes);
        });
    }

    private static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.hasNonNull(f) && !n.path(f).asText().isEmpty()) {
                return n.path(f).asText();
            }
        }
        return n.path("metadata").path("creationTimestamp").asText();
    }

    /** kubectl's short age: 42s, 5m, 3h, 2d. */
    private static String age(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
            long s = Math.max(0, d.getSeconds());
            return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172800 ? s / 3600 + "h" : s / 86400 + "d";
        } catch (RuntimeException e) {
            return "<unknown>";
        }
    }
}
