package io.nfslifecycle.exportmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core (naming, admission, reclaim, reconcile) decides from values only: it imports the event contract, the
 * JDK's non-I/O parts and itself, never an adapter, the filesystem, Kafka or Quarkus. As Strimzi's build refuses a
 * model package that imports an adapter.
 */
class PureCoreTest {
    private static final Path SOURCES = Path.of("src/main/java/io/nfslifecycle/exportmanager");
    private static final List<String> CORE = List.of("naming", "admission", "reclaim", "recovery");

    @Test
    void theCoreImportsNoAdapter() throws IOException {
        for (String pkg : CORE) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.startsWith("import ")) {
                            continue;
                        }
                        String imported = line.substring("import ".length()).replace("static ", "");
                        assertThat(allowed(imported)).as(file + ": " + line).isTrue();
                    }
                }
            }
        }
    }

    private static boolean allowed(String imported) {
        if (imported.startsWith("java.nio.file") || imported.startsWith("java.io.File")
                || imported.startsWith("java.net")) {
            return false;
        }
        if (imported.startsWith("java.") || imported.startsWith("io.nfslifecycle.events.")) {
            return true;
        }
        return CORE.stream().anyMatch(pkg -> imported.startsWith("io.nfslifecycle.exportmanager." + pkg + "."));
    }
}
