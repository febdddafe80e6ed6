package io.nfslifecycle.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.localkafka.LocalKafka;

/**
 * How to run the stack.
 *
 * @param projectDir   the repository's top folder (where each service's target/quarkus-app is)
 * @param stateDir     logs, kubeconfig, Ganesha's config and the endpoints file
 * @param exportRoot   the export root both storage-side services share
 * @param kubeconfig   a real cluster's kubeconfig; empty for the in-memory API
 * @param nfs          serve the export root over NFS when NFS-Ganesha is installed
 * @param freePorts    pick free ports instead of the documented defaults (tests)
 * @param properties   extra configuration per service name ({@code export-manager}, ...)
 * @param sasl         the broker takes SASL/PLAIN clients only, and every service is one
 * @param secondServer a second storage server: another export manager ({@code export-manager-<id>}) with a root
 *                     of its own
 */
public record StackSettings(Path projectDir, Path stateDir, Path exportRoot, Optional<Path> kubeconfig, boolean nfs,
        boolean freePorts, Map<String, Map<String, String>> properties, Optional<LocalKafka.Sasl> sasl,
        Optional<String> secondServer) {

    public StackSettings(Path projectDir, Path stateDir, Path exportRoot, Optional<Path> kubeconfig, boolean nfs,
            boolean freePorts, Map<String, Map<String, String>> properties) {
        this(projectDir, stateDir, exportRoot, kubeconfig, nfs, freePorts, properties, Optional.empty(),
                Optional.empty());
    }

    public StackSettings withSasl(LocalKafka.Sasl credentials) {
        return new StackSettings(projectDir, stateDir, exportRoot, kubeconfig, nfs, freePorts, properties,
                Optional.of(credentials), secondServer);
    }

    public StackSettings withSecondServer(String serverId) {
        return new StackSettings(projectDir, stateDir, exportRoot, kubeconfig, nfs, freePorts, properties, sasl,
                Optional.of(serverId));
    }

    public static StackSettings defaults(Path projectDir) {
        Path state = projectDir.resolve(".local");
        return new StackSettings(projectDir, state, state.resolve("exports"), Optional.empty(), true, false, Map.of());
    }

    public StackSettings withProperty(String service, String key, String value) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        properties.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
        copy.computeIfAbsent(service, s -> new HashMap<>()).put(key, value);
        return new StackSettings(projectDir, stateDir, exportRoot, kubeconfig, nfs, freePorts, copy, sasl,
                secondServer);
    }
}
