package io.nfslifecycle.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local run's fixed ports must be free before it starts anything: otherwise a leftover of an earlier run (or
 * anything else) would answer in its place. A busy port is named with the process that holds it.
 */
final class Ports {
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private Ports() {
    }

    /**
     * Free loopback ports for one run, never the same one twice: the kernel may hand a port one {@code bind(0)}
     * released to the next, and two services given one port would have one of them answer for both.
     */
    static final class Unused {
        private final java.util.Set<Integer> handedOut = new java.util.HashSet<>();
        private final java.util.function.IntSupplier anyFree;

        Unused() {
            this(Ports::anyFree);
        }

        /** @param anyFree a port free right now (the kernel's choice) */
        Unused(java.util.function.IntSupplier anyFree) {
            this.anyFree = anyFree;
        }

        synchronized int next() {
            for (int attempt = 0; attempt < 1000; attempt++) {
                int port = anyFree.getAsInt();
                if (handedOut.add(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no loopback port left that this run has not handed out already");
        }
    }

    /** A loopback port free right now, as the kernel picks it. */
    static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Throws, naming every busy port of {@code wanted} (port → what it is for) and its holder. */
    static void requireFree(Map<Integer, String> wanted) {
        List<String> busy = new ArrayList<>();
        wanted.forEach((port, what) -> {
            if (!free(port)) {
                busy.add("port " + port + " (" + what + ") is in use by " + holder(port).orElse("another process"));
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException(String.join("; ", busy) + ". A leftover of an earlier bin/run? Stop it"
                    + " (kill PID) and start again.");
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the servers do: a port with only TIME_WAIT connections left is free
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** "process 1234 (java -jar ...)", from ss; empty when ss cannot tell. */
    static Optional<String> holder(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            if (!ss.waitFor(5, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = PID.matcher(out);
            if (!m.find()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(m.group(1));
            String command = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).map(Ports::shorten)
                    .orElse("?");
            return Optional.of("process " + pid + " (" + command + ")");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String shorten(String command) {
        return command.length() <= 160 ? command : command.substring(0, 157) + "...";
    }
}
