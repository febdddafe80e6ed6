package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The manifest checker itself catches the mistakes it exists for. */
class ManifestsTest {

    @Test
    void misspelledFieldIsReportedWithItsPath() {
        // given a Deployment whose probe is misspelled
        String yaml = String.join("\n",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata: {name: web}",
                "spec:",
                "  template:",
                "    spec:",
                "      containers:",
                "        - name: web",
                "          readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}");

        // when it is parsed and checked
        List<HasMetadata> objects = Manifests.parseYaml(yaml, "inline");

        // then the unknown field is named
        assertThat(Manifests.unknownFields(objects.get(0)))
                .singleElement().asString().contains("containers[0]").contains("readinesProbe");
    }

    @Test
    void misspelledKindIsNotAKnownKind() {
        // given a kind with a typo, in a built-in API group
        String yaml = "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n";

        // when it is parsed
        HasMetadata object = Manifests.parseYaml(yaml, "inline").get(0);

        // then it is neither a known kind nor one of our custom resources
        assertThat(Manifests.unknownKind(object)).isTrue();
        assertThat(Manifests.isCustomResource(object)).isFalse();
    }

    @Test
    void everyDocumentOfAMultiDocumentFileIsParsed() {
        String yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# a comment only\n---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";

        assertThat(Manifests.parseYaml(yaml, "inline")).extracting(o -> o.getMetadata().getName()).containsExactly("a", "b");
    }
}
