package io.nfslifecycle.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a service is deployed with, read from the deploy files themselves, so a local run, a test of the
 * packaged service and a benchmark run it as it runs in production: {@code JAVA_OPTS} of the storage VM's
 * {@code deploy/storage-vm/env/<service>.env} for the export manager and the quota auditor; for the claim watcher,
 * {@code GC_CONTAINER_OPTIONS} (the collector, in place of its image's) and {@code JAVA_OPTS_APPEND} of
 * {@code deploy/kubernetes/base/deployment.yaml}. The storage VM's services start through its launcher,
 * {@code deploy/storage-vm/bin/nfs-lifecycle-java}, with their class-data archive in {@code <module>/target/app-cds}.
 */
public final class DeployedJvm {
    /** The launcher the storage VM's units start their service with. */
    public static final String LAUNCHER = "deploy/storage-vm/bin/nfs-lifecycle-java";

    private static final Pattern CONTAINER = Pattern.compile(
            "name: (GC_CONTAINER_OPTIONS|JAVA_OPTS_APPEND)\\s+value: \"([^\"]*)\"");

    private DeployedJvm() {
    }

    /** A command and the environment variables it needs. */
    public record Launch(List<String> command, Map<String, String> environment) {
    }

    /**
     * How {@code service}'s packaged {@code jar} is started where it is deployed: the JVM options of its deploy file,
     * then {@code moreOptions}; a storage VM service through its launcher, with its class-data archive.
     *
     * @param projectDir the repository's top folder
     */
    public static Launch launch(Path projectDir, String service, Path jar, List<String> moreOptions) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        boolean storageVm = !"claim-watcher".equals(service);
        if (storageVm) {
            command.addAll(List.of("/bin/sh", projectDir.resolve(LAUNCHER).toString(), jar.toString()));
        } else {
            command.add(java);
        }
        command.addAll(options(projectDir, service));
        command.addAll(moreOptions); // the settings here win over any the deploy file repeats
        if (!storageVm) {
            command.addAll(List.of("-jar", jar.toString()));
            return new Launch(command, Map.of());
        }
        Path archives = projectDir.resolve(service).resolve("target/app-cds");
        try {
            Files.createDirectories(archives);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + archives, e);
        }
        return new Launch(command, Map.of("NFS_LIFECYCLE_JAVA", java, "NFS_LIFECYCLE_CDS_DIR", archives.toString()));
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
