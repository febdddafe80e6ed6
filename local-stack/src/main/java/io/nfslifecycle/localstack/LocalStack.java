package io.nfslifecycle.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import io.nfslifecycle.localkafka.LocalKafka;

/**
 * The whole system on one machine: a real Kafka broker, an in-memory Kubernetes API (or a real cluster through a
 * kubeconfig), NFS-Ganesha serving the export root when it is installed, and the three packaged services, each its
 * own process. {@link #close()} stops all of it, in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String SERVER_ID = "nfs-1";
    /** The bearer token of the quota auditor's {@code POST /api/v1/audit/runs} in the local run. */
    public static final String LOCAL_AUDIT_TOKEN = "local-audit-token";

    private final List<AutoCloseable> started = new ArrayList<>();
    /** The services running now, by name (benchmarks read their processes). */
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private LocalKafka kafka;
    private Optional<InMemoryKubernetes> api = Optional.empty();
    private Optional<NfsServer> nfs = Optional.empty();
    private Optional<String> nfsUnavailable = Optional.empty();
    private Path kubeconfig;
    private final StackSettings settings;
    /** The free ports of this stack, each handed out once. */
    private final Ports.Unused unused = new Ports.Unused();

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /** Starts everything and returns once every service answers ready; on failure stops what it started. */
    public static LocalStack start(StackSettings settings, PrintStream progress) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll(progress);
            return stack;
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            stack.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(PrintStream progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.createDirectories(settings.exportRoot());
        Files.createDirectories(settings.stateDir());
        Path logs = settings.stateDir().resolve("logs");
        if (!settings.freePorts()) {
            Ports.requireFree(fixedPorts());
        }

        progress.println("starting Kafka ...");
        LocalKafka.Settings kafkaSettings = LocalKafka.Settings.defaults()
                .withPort(port(9092));
        if (settings.sasl().isPresent()) {
            kafkaSettings = kafkaSettings.withSasl(settings.sasl().get());
        }
        kafka = LocalKafka.start(kafkaSettings);
        started.add(kafka);

        if (settings.kubeconfig().isPresent()) {
            kubeconfig = settings.kubeconfig().get().toAbsolutePath();
        } else {
            progress.println("starting the in-memory Kubernetes API ...");
            InMemoryKubernetes memory = InMemoryKubernetes.start(port(6443), SERVER_ID);
            api = Optional.of(memory);
            started.add(memory);
            kubeconfig = memory.writeKubeconfig(settings.stateDir().resolve("kubeconfig"));
        }

        if (settings.nfs()) {
            nfsUnavailable = NfsServer.unavailable();
            if (nfsUnavailable.isEmpty()) {
                progress.println("starting NFS-Ganesha ...");
                NfsServer server = NfsServer.start(settings.exportRoot(), settings.stateDir(), port(12049), port(12048));
                nfs = Optional.of(server);
                started.add(server);
            }
        } else {
            nfsUnavailable = Optional.of("switched off");
        }

        progress.println("starting export-manager, quota-auditor and claim-watcher ...");
        startServices(logs);
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        writeEndpoints();
        progress.printf("all healthy in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void startServices(Path logs) throws IOException {
        Map<String, String> storage = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "nfs-lifecycle.server-id", SERVER_ID,
                "nfs-lifecycle.export-root", settings.exportRoot().toAbsolutePath().toString());
        Map<String, String> manager = new HashMap<>(storage);
        manager.put("nfs-lifecycle.nfs-host", "127.0.0.1");
        manager.put("nfs-lifecycle.state-dir", settings.stateDir().resolve("export-manager").toAbsolutePath().toString());
        manager.put("nfs-lifecycle.api-token", LOCAL_AUDIT_TOKEN);
        manager.put("nfs-lifecycle.archive.sweep-interval", "5s"); // so a short archiveRetention shows on a demo
        launch("export-manager", port(8081), manager, Map.of(), logs);
        Map<String, String> auditor = new HashMap<>(storage);
        auditor.put("nfs-lifecycle.api-token", LOCAL_AUDIT_TOKEN);
        launch("quota-auditor", port(8082), auditor, Map.of(), logs);
        launch("claim-watcher", port(8080), new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())),
                Map.of("KUBECONFIG", kubeconfig.toString()), logs);
        if (settings.secondServer().isPresent()) {
            String second = settings.secondServer().get();
            Path root = settings.stateDir().resolve("exports-" + second);
            Files.createDirectories(root);
            Map<String, String> other = new HashMap<>(Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "nfs-lifecycle.server-id", second,
                    "nfs-lifecycle.export-root", root.toAbsolutePath().toString(),
                    "nfs-lifecycle.nfs-host", "127.0.0.1",
                    "nfs-lifecycle.state-dir", settings.stateDir().resolve("export-manager-" + second)
                            .toAbsolutePath().toString()));
            launch("export-manager-" + second, "export-manager", port(8083), other, Map.of(), logs);
        }
    }

    private void launch(String name, int httpPort, Map<String, String> properties, Map<String, String> env, Path logs)
            throws IOException {
        launch(name, name, httpPort, properties, env, logs);
    }

    /** @param module the service's folder, whose packaged jar runs as {@code name} */
    private void launch(String name, String module, int httpPort, Map<String, String> properties,
            Map<String, String> env, Path logs) throws IOException {
        kafka.clientSettings().forEach((key, value) -> properties.put("kafka." + key, value));
        properties.putAll(settings.properties().getOrDefault(name, Map.of()));
        ServiceProcess service = ServiceProcess.start(name, settings.projectDir(), module, httpPort, properties, env,
                logs);
        services.put(name, service);
        started.add(service);
    }

    /** Stops one service (SIGTERM, or SIGKILL with {@code kill}) and starts it again as it was; waits until ready. */
    public void restart(String name, boolean kill) {
        restart(name, kill, Map.of());
    }

    /**
     * {@link #restart(String, boolean)} with environment variables added, e.g. {@code NFS_LIFECYCLE_...} settings an
     * operator changed (a system property of the same setting, given at the first start, wins over them). Returns
     * how long the new process took from its start to ready.
     */
    public Duration restart(String name, boolean kill, Map<String, String> env) {
        ServiceProcess old = services.get(name);
        started.remove(old);
        if (kill) {
            old.kill();
        } else {
            old.close();
        }
        try {
            long start = System.nanoTime();
            ServiceProcess again = old.startAgain(env);
            services.put(name, again);
            started.add(again);
            again.awaitReady(Duration.ofSeconds(120));
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented ports this run will bind, and what for. */
    private Map<Integer, String> fixedPorts() {
        Map<Integer, String> ports = new TreeMap<>(Map.of(9092, "Kafka", 8081, "export-manager HTTP",
                8082, "quota-auditor HTTP", 8080, "claim-watcher HTTP"));
        if (settings.kubeconfig().isEmpty()) {
            ports.put(6443, "the in-memory Kubernetes API");
        }
        if (settings.nfs() && NfsServer.unavailable().isEmpty()) {
            ports.put(12049, "NFS");
            ports.put(12048, "NFS mountd");
        }
        settings.secondServer().ifPresent(s -> ports.put(8083, "export-manager " + s + " HTTP"));
        return ports;
    }

    private int port(int documented) {
        if (!settings.freePorts()) {
            return documented;
        }
        return unused.next();
    }

    /** {@code .local/endpoints.properties}: where everything runs, for the demo command. */
    private void writeEndpoints() throws IOException {
        Properties p = new Properties();
        p.setProperty("kafka", kafka.bootstrapServers());
        p.setProperty("kubeconfig", kubeconfig.toString());
        services.forEach((name, s) -> p.setProperty(name, s.url("")));
        nfs.ifPresent(n -> {
            p.setProperty("nfs.port", Integer.toString(n.nfsPort));
            p.setProperty("nfs.mount-port", Integer.toString(n.mountPort));
        });
        p.setProperty("export-root", settings.exportRoot().toAbsolutePath().toString());
        try (var out = Files.newBufferedWriter(endpointsFile(settings.stateDir()))) {
            p.store(out, "written by bin/run; removed when it stops");
        }
    }

    static Path endpointsFile(Path stateDir) {
        return stateDir.resolve("endpoints.properties");
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** What a client of the stack's broker sets besides the bootstrap servers (SASL, when the stack uses it). */
    public Map<String, String> kafkaClientSettings() {
        return kafka.clientSettings();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The base URL of a service's HTTP server, e.g. {@code http://127.0.0.1:8081}. */
    public String url(String service) {
        return services.get(service).url("");
    }

    /** The nfs-cp / nfs-ls URL of an absolute path on the export root, when NFS-Ganesha runs. */
    public Optional<String> nfsUrl(String absolutePath) {
        return nfs.map(n -> n.url(absolutePath));
    }

    public Optional<String> nfsUnavailable() {
        return nfsUnavailable;
    }

    /** What runs where, for a person. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-16s %s%n", "Kafka", kafka.bootstrapServers() + "   (kcat -b " + kafka.bootstrapServers()
                + " -C -t nfs-lifecycle.exports -f '%k %h %s\\n')"));
        out.append(String.format("%-16s %s%n", "Kubernetes API", api.map(a -> a.url() + "   (in memory; binds PVCs to"
                + " their PVs)").orElse("from " + kubeconfig)));
        out.append(String.format("%-16s %s%n", "kubeconfig", kubeconfig + api.map(a -> "   (export KUBECONFIG="
                + kubeconfig + "; kubectl get pvc,pv)").orElse("")));
        out.append(String.format("%-16s %s%n", "export root", settings.exportRoot().toAbsolutePath()));
        out.append(String.format("%-16s %s%n", "NFS", nfs.map(n -> "NFS-Ganesha on 127.0.0.1:" + n.nfsPort + " (mountd "
                + n.mountPort + "); nfs-ls '" + n.url(settings.exportRoot().toAbsolutePath().toString()) + "'")
                .orElse("not served: " + nfsUnavailable.orElse("?"))));
        services.forEach((name, s) -> out.append(String.format("%-16s %s   REST %s   metrics %s   OpenAPI %s%n", name,
                s.url(""), s.url("/api/v1"), s.url("/q/metrics"), s.url("/q/openapi"))));
        out.append(String.format("%-16s %s%n", "logs", settings.stateDir().resolve("logs").toAbsolutePath()));
        return out.toString();
    }

    /** Stops everything it started, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
        try {
            Files.deleteIfExists(endpointsFile(settings.stateDir()));
        } catch (IOException e) {
            // nothing to do: a stale file is overwritten by the next run
        }
    }
}
