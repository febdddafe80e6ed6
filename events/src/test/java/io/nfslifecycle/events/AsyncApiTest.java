package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The AsyncAPI document in the events jar says what the code sends: every topic, type, field and header. */
class AsyncApiTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private static final String SPECS_VERSION = "6.11.1";

    private final JsonNode doc = load();

    private static JsonNode load() {
        try (InputStream in = AsyncApiTest.class.getResourceAsStream("/asyncapi.yaml")) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void isAnAsyncApi3DocumentWithEveryTopicAndEveryType() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        Set<String> addresses = new HashSet<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.all());

        Set<String> types = new TreeSet<>();
        doc.path("components").path("messages").forEach(m -> types.add(m.path("name").asText()));
        types.remove("dead-letter");
        assertThat(types).containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @Test
    void theDocumentValidatesAgainstTheAsyncApi300Schema() throws Exception {
        Path schema = asyncApiSchema();
        JsonNode asJson = JSON.readTree(JSON.writeValueAsString(doc));

        List<String> problems = errors(SCHEMAS.getSchema(Files.readString(schema)), asJson);

        assertThat(problems).as("against " + schema).isEmpty();
    }

    /**
     * The official AsyncAPI 3.0.0 JSON Schema, from the {@code @asyncapi/specs} package of the npm registry
     * (fetched once with {@code npm pack} into {@code target/}).
     */
    private static Path asyncApiSchema() throws IOException, InterruptedException {
        Path dir = Path.of("target", "asyncapi-specs");
        Path schema = dir.resolve("package/schemas/3.0.0-without-$id.json");
        if (Files.isRegularFile(schema)) {
            return schema;
        }
        Files.createDirectories(dir);
        Process pack;
        try {
            pack = new ProcessBuilder("npm", "pack", "@asyncapi/specs@" + SPECS_VERSION, "--pack-destination",
                    dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("npm is not installed (Debian: apt-get install npm): " + e.getMessage());
            throw e;
        }
        String out = new String(pack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(pack.waitFor(120, TimeUnit.SECONDS) && pack.exitValue() == 0,
                () -> "npm could not fetch @asyncapi/specs: " + out);
        Process untar = new ProcessBuilder("tar", "xzf", dir.resolve("asyncapi-specs-" + SPECS_VERSION + ".tgz")
                .toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(untar.waitFor(60, TimeUnit.SECONDS) && untar.exitValue() == 0).isTrue();
        return schema;
    }

    @Test
    void everyTypeIsOnItsTopicsChannel() {
        for (Event event : Samples.everyType()) {
            String message = messageOf(event.type());
            JsonNode channel = channelOf(event.topic());
            assertThat(channel.path("messages").findValuesAsText("$ref"))
                    .as(event.type() + " on " + event.topic()).contains("#/components/messages/" + message);
        }
    }

    @Test
    void everySampleEventAndItsHeadersValidateAgainstTheirSchemas() throws IOException {
        EventCodec codec = new EventCodec("/nfs-lifecycle/test");
        for (Event event : Samples.everyType()) {
            EventCodec.Encoded encoded = codec.encode(event);
            JsonNode value = JSON.readTree(new String(encoded.value(), StandardCharsets.UTF_8));

            assertThat(errors(payloadSchema(event.type()), value)).as(event.type() + ": " + value).isEmpty();
            assertThat(errors(refSchema("#/components/messageTraits/cloudEvent/headers"),
                    JSON.valueToTree(encoded.headers()))).as(event.type() + " headers").isEmpty();
        }
    }

    @Test
    void theSchemasRefuseWhatTheCodecRefuses() throws IOException {
        EventCodec codec = new EventCodec("/nfs-lifecycle/test");
        Event requested = Samples.everyType().stream().filter(e -> e instanceof ClaimRequested).findFirst()
                .orElseThrow();
        ObjectNode value = (ObjectNode) JSON.readTree(codec.encode(requested).value());
        value.put("requestedBytes", -1);
        value.put("namespace", "Not_A_Namespace");

        assertThat(errors(payloadSchema(requested.type()), value)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyRecordFieldIsInItsSchemaAndNothingElseAndTheRequiredOnesHaveNoDefault() {
        List<Class<? extends Record>> records = new ArrayList<>();
        for (Event event : Samples.everyType()) {
            records.add(((Record) event).getClass());
        }
        records.add(ExportRecord.class);
        for (Class<? extends Record> type : records) {
            JsonNode schema = doc.path("components").path("schemas").path(type.getSimpleName());
            Set<String> properties = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            RecordComponent[] components = type.getRecordComponents();

            assertThat(properties).as(type.getSimpleName()).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(components).map(RecordComponent::getName).toList());
            assertThat(required).as(type.getSimpleName() + " required").containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(components).filter(c -> !c.isAnnotationPresent(Default.class)
                            && !optional(type, c.getName())).map(RecordComponent::getName).toList());
        }
    }

    @Test
    void theFailureCodesAreThoseTheExportManagerUses() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field f : ExportFailed.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                codes.add((String) f.get(null));
            }
        }
        JsonNode documented = doc.path("components").path("schemas").path("ExportFailed").path("properties")
                .path("code").path("enum");
        List<String> listed = new ArrayList<>();
        documented.forEach(c -> listed.add(c.asText()));

        assertThat(listed).containsExactlyInAnyOrderElementsOf(codes);
    }

    /** Maps and the class's own free texts may be left out of a record; the codec fills them in. */
    private static boolean optional(Class<?> type, String component) {
        return Map.of(ClaimRequested.class, Set.of("pathPattern", "labels", "annotations"),
                AuditFinding.class, Set.of("details")).getOrDefault(type, Set.of()).contains(component);
    }

    private String messageOf(String type) {
        var names = doc.path("components").path("messages").fields();
        while (names.hasNext()) {
            var entry = names.next();
            if (entry.getValue().path("name").asText().equals(type)) {
                return entry.getKey();
            }
        }
        throw new AssertionError("no message for " + type);
    }

    private JsonNode channelOf(String topic) {
        for (JsonNode channel : doc.path("channels")) {
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + topic);
    }

    private Schema payloadSchema(String type) {
        return refSchema(doc.path("components").path("messages").path(messageOf(type)).path("payload")
                .path("$ref").asText());
    }

    /** The schema at {@code pointer} of the document, its $refs resolved against the whole document. */
    private Schema refSchema(String pointer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("allOf", JSON.createArrayNode().add(JSON.createObjectNode().put("$ref", pointer)));
        root.set("components", doc.path("components"));
        return SCHEMAS.getSchema(root.toString());
    }

    private static List<String> errors(Schema schema, JsonNode value) {
        return schema.validate(value).stream().map(Error::toString).collect(Collectors.toList());
    }
}
