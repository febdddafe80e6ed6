package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

    @Test
    void acceptsWhatTheApiServerAccepts() {
        assertThat(KubernetesNames.namespace("n".repeat(63))).isEmpty();
        assertThat(KubernetesNames.objectName("data.v1-" + "c".repeat(200))).isEmpty();
        assertThat(KubernetesNames.uid("6f1c2b9e-3f9a-4d61-9a43-1c2d3e4f5a6b")).isEmpty();
    }

    @Test
    void refusesNamesThatCannotComeFromKubernetes() {
        assertThat(KubernetesNames.namespace("Shop")).isPresent();
        assertThat(KubernetesNames.namespace("n".repeat(64))).isPresent();
        assertThat(KubernetesNames.objectName("../etc")).isPresent();
        assertThat(KubernetesNames.objectName("a/b")).isPresent();
        assertThat(KubernetesNames.uid("../x")).isPresent();
    }
}
