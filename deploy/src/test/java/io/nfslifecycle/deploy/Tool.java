package io.nfslifecycle.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external checker (promtool, kubectl, docker-compose, systemd-analyze), run for real when it is installed.
 * When it is not, the test is skipped, and the message says which Debian package brings it.
 */
final class Tool {
    private final String command;
    private final String installHint;

    private Tool(String command, String installHint) {
        this.command = command;
        this.installHint = installHint;
    }

    static final Tool PROMTOOL = new Tool("promtool", "apt-get install prometheus");
    static final Tool KUBECTL = new Tool("kubectl", "install kubectl (it carries kustomize)");
    static final Tool DOCKER_COMPOSE = new Tool("docker-compose", "apt-get install docker-compose");
    static final Tool SYSTEMD_ANALYZE = new Tool("systemd-analyze", "apt-get install systemd");

    /** Skips the calling test, with a message saying what to install, when the tool is not on the PATH. */
    Tool required() {
        assumeTrue(installed(), command + " is not on the PATH, so this check was skipped: " + installHint + " to run it");
        return this;
    }

    boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs the tool with {@code args} in {@code workDir} and returns what it said. */
    Result run(Path workDir, String... args) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command);
        commandLine.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(command, ".out");
            Path err = Files.createTempFile(command, ".err");
            Process process = new ProcessBuilder(commandLine)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            // a guard against a hung tool, not a timing assertion
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", commandLine) + " did not finish");
            }
            Result result = new Result(String.join(" ", commandLine), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a run of a tool printed, and how it ended. */
    record Result(String commandLine, int exitCode, String stdout, String stderr) {
        /** For assertion messages: the whole story of the run. */
        String describe() {
            return commandLine + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
