package io.nfslifecycle.quotaauditor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The findings core and the export view decide; they do no I/O and know no framework. The build refuses an import
 * of an adapter or of Quarkus, Kafka, JNA, java.nio.file or java.io there, as Strimzi's model packages are kept.
 */
class PureCoreTest {
    private static final Path SOURCES = Paths.get("src/main/java/io/nfslifecycle/quotaauditor");
    private static final List<String> FORBIDDEN = List.of("io.nfslifecycle.quotaauditor.scan", "io.nfslifecycle.quotaauditor.kafka",
            "io.nfslifecycle.quotaauditor.rest", "io.nfslifecycle.quotaauditor.schedule", "io.nfslifecycle.quotaauditor.metrics",
            "io.quarkus", "jakarta.", "org.apache.kafka", "com.sun.jna", "java.nio.file", "java.io", "io.micrometer");

    @Test
    void findingsAndExportsImportNoAdapterAndNoIo() throws IOException {
        for (String core : List.of("findings", "exports")) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(core))) {
                for (Path file : files.toList()) {
                    List<String> imports = Files.readAllLines(file).stream().filter(l -> l.startsWith("import ")).toList();
                    assertThat(imports).as(file.toString())
                            .noneMatch(i -> FORBIDDEN.stream().anyMatch(f -> i.contains(" " + f) || i.contains("static " + f)));
                }
            }
        }
    }
}
