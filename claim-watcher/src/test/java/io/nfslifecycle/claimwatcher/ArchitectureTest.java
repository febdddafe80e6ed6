package io.nfslifecycle.claimwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure core (model, plan) never reaches for an adapter, as Strimzi keeps its model apart. */
class ArchitectureTest {
    private static final List<String> ADAPTERS = List.of("io.nfslifecycle.claimwatcher.kafka",
            "io.nfslifecycle.claimwatcher.kubernetes", "io.nfslifecycle.claimwatcher.leader",
            "io.nfslifecycle.claimwatcher.rest", "io.nfslifecycle.claimwatcher.health", "io.quarkus",
            "io.fabric8.kubernetes.client", "org.apache.kafka", "jakarta.", "org.eclipse.microprofile");

    @ParameterizedTest
    @ValueSource(strings = {"model", "plan"})
    void coreImportsNoAdapter(String corePackage) throws IOException {
        Path dir = Path.of("src/main/java/io/nfslifecycle/claimwatcher", corePackage);
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                String source = read(file);
                for (String adapter : ADAPTERS) {
                    assertThat(source).as("%s must not import %s", file.getFileName(), adapter)
                            .doesNotContain("import " + adapter);
                }
            });
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
