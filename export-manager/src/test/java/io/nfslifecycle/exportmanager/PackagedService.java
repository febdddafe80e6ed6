package io.nfslifecycle.exportmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.nfslifecycle.localkafka.DeployedJvm;

/** The packaged export manager as a process of its own, on a root and a state directory under {@code base}. */
public final class PackagedService implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedService(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param name       names the log file ({@code <base>/<name>.log})
     * @param properties more {@code -D} settings
     */
    public static PackagedService start(Path base, String name, String bootstrap, String serverId,
            Map<String, String> properties) throws IOException {
        Path jar = Paths.get("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("package the service first (mvn verify does)").exists();
        int port = freePort();
        List<String> options = new ArrayList<>(List.of(
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dnfs-lifecycle.server-id=" + serverId,
                "-Dnfs-lifecycle.export-root=" + base.resolve("exports"),
                "-Dnfs-lifecycle.state-dir=" + base.resolve("state"),
                "-Dnfs-lifecycle.admission.check-free-space=false"));
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        // as the storage VM's unit starts it: its JVM options, its launcher and class-data archive
        DeployedJvm.Launch launch = DeployedJvm.launch(Paths.get("").toAbsolutePath().getParent(), "export-manager",
                jar, options);
        Path log = base.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(launch.command()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(launch.environment());
        Process process = builder.start();
        return new PackagedService(process, port, log);
    }

    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean ready() {
        return status("/q/health/ready") == 200;
    }

    public boolean live() {
        return status("/q/health/live") == 200;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void killNine() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
