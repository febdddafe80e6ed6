package io.nfslifecycle.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import io.nfslifecycle.events.Topics;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) in a child JVM, on free loopback ports, with
 * a data directory of its own that is removed on {@link #close()}. Two of them on one machine never collide.
 *
 * <pre>
 * try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.defaults())) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * </pre>
 */
public final class LocalKafka implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final Path dataDir;
    private final boolean temporary;
    private final String bootstrapServers;

    /**
     * @param partitions  partitions of each project topic
     * @param port        the client port, 0 for a free one
     * @param dataDir     where the broker keeps its log; empty for a temporary directory removed on close
     * @param startupWait how long the broker may take to answer
     */
    public record Settings(int partitions, int port, int controllerPort, java.util.Optional<Path> dataDir,
            Duration startupWait, java.util.Optional<Sasl> sasl) {
        public static Settings defaults() {
            return new Settings(Integer.getInteger("nfs-lifecycle.kafka.partitions", 3), 0, 0,
                    java.util.Optional.empty(), Duration.ofSeconds(90), java.util.Optional.empty());
        }

        public Settings withPort(int newPort) {
            return new Settings(partitions, newPort, controllerPort, dataDir, startupWait, sasl);
        }

        /** A fixed controller port, so a broker stopped and started again on the same data directory finds its quorum. */
        public Settings withControllerPort(int newPort) {
            return new Settings(partitions, port, newPort, dataDir, startupWait, sasl);
        }

        public Settings withDataDir(Path dir) {
            return new Settings(partitions, port, controllerPort, java.util.Optional.of(dir), startupWait, sasl);
        }

        /** Clients must authenticate with SASL/PLAIN as this user; the broker has no other client listener. */
        public Settings withSasl(Sasl credentials) {
            return new Settings(partitions, port, controllerPort, dataDir, startupWait, java.util.Optional.of(credentials));
        }
    }

    /** A SASL/PLAIN user of the broker's client listener. */
    public record Sasl(String user, String password) {
        /** What a client sets: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}. */
        public Map<String, String> clientSettings() {
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                            + "\" password=\"" + password + "\";");
        }
    }

    private final java.util.Optional<Sasl> sasl;

    private LocalKafka(Process process, Path dataDir, boolean temporary, String bootstrapServers,
            java.util.Optional<Sasl> sasl) {
        this.process = process;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.bootstrapServers = bootstrapServers;
        this.sasl = sasl;
    }

    /** Starts a broker and creates the project's topics; returns once both answer. */
    public static LocalKafka start(Settings settings) {
        IllegalStateException last = null;
        // a free port can be taken by someone else between our probe and the broker's bind: try again then
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path dir = settings.dataDir().orElseGet(BrokerFiles::temporaryDirectory);
            int port = settings.port() > 0 ? settings.port() : BrokerFiles.freePort();
            int controller = settings.controllerPort() > 0 ? settings.controllerPort() : BrokerFiles.freePort();
            LocalKafka kafka = launch(dir, settings.dataDir().isEmpty(), port, controller, settings);
            try {
                kafka.awaitReady(settings.startupWait());
                kafka.createTopics(settings.partitions());
                return kafka;
            } catch (IllegalStateException e) {
                last = e;
                kafka.close();
                if (settings.port() > 0) {
                    break;
                }
            }
        }
        throw last;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a client of this broker sets besides the bootstrap servers: nothing, or its SASL settings. */
    public Map<String, String> clientSettings() {
        return sasl.map(Sasl::clientSettings).orElse(Map.of());
    }

    /** Where the broker keeps its log and {@code broker.log}. */
    public Path dataDirectory() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the broker and removes its data directory when it was a temporary one. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: the child is on its way out
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (temporary) {
            BrokerFiles.deleteTree(dataDir);
        }
    }

    private static LocalKafka launch(Path dir, boolean temporary, int port, int controllerPort, Settings settings) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, BrokerFiles.serverProperties(dir, port, controllerPort, settings.partitions(),
                    settings.sasl()));
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true",
                    "-cp", BrokerFiles.brokerClasspath(),
                    BrokerMain.class.getName(), config.toString(), BrokerFiles.clusterId(dir)));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("broker.log").toFile())
                    .start();
            return new LocalKafka(process, dir, temporary, "127.0.0.1:" + port, settings.sasl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker in " + dir, e);
        }
    }

    private void awaitReady(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                        + " before it was ready; its log: " + dataDir.resolve("broker.log") + "\n" + logTail());
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
            }
        }
        throw new IllegalStateException("the Kafka broker did not answer on " + bootstrapServers + " within " + wait
                + "; its log: " + dataDir.resolve("broker.log") + "\n" + logTail());
    }

    private void createTopics(int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = Topics.all().stream()
                    .map(name -> new NewTopic(name, partitions, (short) 1).configs(Topics.compacted(name)
                            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                            : Map.of()))
                    .toList();
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the project's topics: " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not create the topics in time", e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        sasl.ifPresent(s -> props.putAll(s.clientSettings()));
        return Admin.create(props);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("broker.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Runs a broker until standard input closes or Ctrl-C: {@code java -cp ... io.nfslifecycle.localkafka.LocalKafka [port] [dataDir]}.
     * Prints {@code bootstrap=127.0.0.1:PORT} once ready.
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.defaults();
        if (args.length > 0) {
            settings = settings.withPort(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            settings = settings.withDataDir(Paths.get(args[1]).toAbsolutePath());
        }
        LocalKafka kafka = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "local-kafka-stop"));
        System.out.println("bootstrap=" + kafka.bootstrapServers());
        System.out.flush();
        kafka.process.waitFor();
    }
}
