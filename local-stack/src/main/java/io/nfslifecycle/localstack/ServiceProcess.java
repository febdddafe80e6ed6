package io.nfslifecycle.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.nfslifecycle.localkafka.DeployedJvm;

/** One packaged Quarkus service ({@code quarkus-app/quarkus-run.jar}) running as a child process. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int httpPort;
    private final Process process;
    private final Path log;

    private final ProcessBuilder builder;

    private ServiceProcess(String name, int httpPort, Process process, Path log, ProcessBuilder builder) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
        this.log = log;
        this.builder = builder;
    }

    /** The same service started again with the same settings, its log appended to. */
    ServiceProcess startAgain() throws IOException {
        return startAgain(Map.of());
    }

    /** The same service started again with these environment variables added (settings an operator changed). */
    ServiceProcess startAgain(Map<String, String> env) throws IOException {
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServiceProcess(name, httpPort, builder.start(), log, builder);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the packaged service of {@code module} ({@code target/quarkus-app/quarkus-run.jar}) with the JVM options
     * it is deployed with ({@link DeployedJvm}).
     *
     * @param properties system properties (Quarkus configuration) for the service
     * @param env        extra environment variables
     */
    static ServiceProcess start(String name, Path projectDir, String module, int httpPort,
            Map<String, String> properties, Map<String, String> env, Path logDir) throws IOException {
        Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first with ./mvnw -B package -DskipTests");
        }
        List<String> options = new ArrayList<>(List.of("-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        DeployedJvm.Launch launch = DeployedJvm.launch(projectDir, module, jar, options);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Children.command(launch.command())).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(launch.environment());
        builder.environment().putAll(env);
        return new ServiceProcess(name, httpPort, builder.start(), log, builder);
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    void awaitReady(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; its log " + log
                        + " ends with:\n" + tail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && process.isAlive()) {
                    return; // our own child answered: the ports were free when it started
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready within " + wait + " (last answer: " + last + "); its log "
                + log + " ends with:\n" + tail());
    }

    /** Between two asks for readiness: short, so a start is timed to within a few milliseconds. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        stop(process);
    }

    /** SIGTERM, so the child shuts down cleanly; SIGKILL if it takes longer than ten seconds. */
    static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
