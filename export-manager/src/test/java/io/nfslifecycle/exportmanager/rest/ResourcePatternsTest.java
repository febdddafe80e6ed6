package io.nfslifecycle.exportmanager.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.kit.rest.ParameterPatterns;

class ResourcePatternsTest {

    @Test
    void everyConstraintOnAResourceParameterIsChecked() throws Exception {
        assertThat(ParameterPatterns.unchecked(Paths.get("target/classes"))).isEmpty();
    }
}
