package io.nfslifecycle.exportmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service on a fresh export root and state directory of its own, as server {@value #SERVER}. */
public class TemporaryExportRoot implements QuarkusTestProfile {
    public static final String SERVER = "nfs-kafka-test";
    /** The bearer token the service's mutating REST calls take. */
    public static final String API_TOKEN = "test-token";
    public static final Path BASE = temporary();

    private static Path temporary() {
        try {
            // -Dbenchmark.export-base=DIR puts the root on another filesystem than the broker's log,
            // as on the storage VM (the benchmark uses it; an fsync on a shared ext4 also flushes the broker's writes)
            String base = System.getProperty("benchmark.export-base");
            return base == null ? Files.createTempDirectory("export-manager-test-")
                    : Files.createTempDirectory(Path.of(base), "export-manager-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path root() {
        return BASE.resolve("exports");
    }

    public static Path state() {
        return BASE.resolve("state");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "nfs-lifecycle.server-id", SERVER,
                "nfs-lifecycle.export-root", root().toString(),
                "nfs-lifecycle.state-dir", state().toString(),
                "nfs-lifecycle.nfs-host", "nfs.test.example",
                "nfs-lifecycle.nfs-path", "/mnt/data",
                "nfs-lifecycle.admission.check-free-space", "false",
                "nfs-lifecycle.peer-servers", "nfs-2",
                "nfs-lifecycle.api-token", API_TOKEN,
                "nfs-lifecycle.archive.sweep-interval", "1s");
    }
}
