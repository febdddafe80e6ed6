package io.nfslifecycle.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a service is deployed with, read from the deploy files themselves, so a local run, a test of the
 * packaged service and a benchmark run it as it runs in production: {@code JAVA_OPTS} of the storage VM's
 * {@code deploy/storage-vm/env/<service>.env} for the export manager and the quota auditor; for the claim watcher,
 * {@code GC_CONTAINER_OPTIONS} (the collector, in place of its image's) and {@code JAVA_OPTS_APPEND} of
 * {@code deploy/kubernetes/base/deployment.yaml}.
 */
public final class DeployedJvm {
    private static final Pattern CONTAINER = Pattern.compile(
            "name: (GC_CONTAINER_OPTIONS|JAVA_OPTS_APPEND)\\s+value: \"([^\"]*)\"");

    private DeployedJvm() {
    }

    /** @param projectDir the repository's top folder */
    public static List<String> options(Path projectDir, String service) {
        try {
            String text;
            if ("claim-watcher".equals(service)) {
                Matcher m = CONTAINER.matcher(Files.readString(projectDir.resolve("deploy/kubernetes/base/deployment.yaml")));
                StringBuilder found = new StringBuilder();
                while (m.find()) {
                    found.append(' ').append(m.group(2));
                }
                text = found.toString();
            } else {
                text = Files.readAllLines(projectDir.resolve("deploy/storage-vm/env/" + service + ".env")).stream()
                        .filter(line -> line.startsWith("JAVA_OPTS=")).map(line -> line.substring("JAVA_OPTS=".length()))
                        .findFirst().orElse("");
            }
            List<String> options = new ArrayList<>();
            for (String option : text.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM options " + service + " is deployed with", e);
        }
    }
}
