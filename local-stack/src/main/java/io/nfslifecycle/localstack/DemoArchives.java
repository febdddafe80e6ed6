package io.nfslifecycle.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code bin/demo}'s view of the recycle bin: what an archive needs to be restored. */
final class DemoArchives {
    private DemoArchives() {
    }

    /** The size a claim restoring the archive asks for: its claim's request, or its measured size if larger. */
    static long sizeOf(Properties endpoints, String id) {
        try {
            String answer = DemoHttp.get(endpoints, "export-manager", "/api/v1/archives/" + id);
            if (!answer.startsWith("HTTP 200")) {
                Demo.fail("no archive " + id + " on the export manager; bin/demo archives lists them");
            }
            JsonNode archive = DemoHttp.body(answer);
            return Math.max(1, Math.max(archive.path("requestedBytes").asLong(), archive.path("bytes").asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bytes as a Kubernetes quantity a person reads: 1Gi rather than 1073741824 where it is whole. */
    static String quantity(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long scale = 1L << (10 * (units.length - i));
            if (bytes % scale == 0) {
                return bytes / scale + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
