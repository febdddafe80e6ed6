package io.nfslifecycle.localkafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

/** What a local broker is made of on disk: its cluster id, its server.properties, its classpath, its temporary files. */
final class BrokerFiles {
    private static final String CLASSPATH_RESOURCE = "/local-kafka.classpath";

    private BrokerFiles() {
    }

    /** The data directory's cluster id, made once: a broker started again on the same directory is the same cluster. */
    static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    static String serverProperties(Path dir, int port, int controllerPort, int partitions) {
        return serverProperties(dir, port, controllerPort, partitions, java.util.Optional.empty());
    }

    static String serverProperties(Path dir, int port, int controllerPort, int partitions,
            java.util.Optional<LocalKafka.Sasl> sasl) {
        String client = sasl.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        String saslSettings = sasl.map(s -> String.join("\n",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + s.user()
                        + "\" password=\"" + s.password() + "\" user_" + s.user() + "=\"" + s.password() + "\";",
                "")).orElse("");
        return saslSettings + String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + client + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + client + ":" + client + ",CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=" + client,
                "log.dirs=" + dir.resolve("log"),
                "num.partitions=" + partitions,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.backoff.ms=1000",
                "") + "\n";
    }

    /** The broker's jars (written at build time) plus the jar or folder holding {@link BrokerMain}. */
    static String brokerClasspath() {
        try (InputStream in = LocalKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build local-kafka with ./mvnw first");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self = Paths.get(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("nfs-lifecycle-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory left behind is harmless
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
