package io.nfslifecycle.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * NFS-Ganesha (VFS backend) serving the export root on loopback ports, from a configuration this class writes.
 * NFSv4 and NFSv3 are both on: the Debian libnfs client ({@code nfs-cp}, libnfs 4.0) lists over NFSv4 but cannot
 * write over it, so the data path uses NFSv3, which needs rpcbind for the server's registration.
 */
final class NfsServer implements AutoCloseable {
    final int nfsPort;
    final int mountPort;
    private final Process process;
    private final Path log;

    private NfsServer(int nfsPort, int mountPort, Process process, Path log) {
        this.nfsPort = nfsPort;
        this.mountPort = mountPort;
        this.process = process;
        this.log = log;
    }

    /** Why the NFS server cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        if (which("ganesha.nfsd").isEmpty()) {
            return Optional.of("ganesha.nfsd is not installed (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("NFS-Ganesha's VFS backend needs root (open_by_handle_at)");
        }
        if (which("rpcbind").isEmpty()) {
            return Optional.of("rpcbind is not installed (apt-get install rpcbind)");
        }
        return Optional.empty();
    }

    static NfsServer start(Path exportRoot, Path stateDir, int nfsPort, int mountPort) throws IOException, InterruptedException {
        ensureRpcbind();
        Path dir = Files.createDirectories(stateDir.resolve("ganesha"));
        Files.createDirectories(dir.resolve("recovery"));
        Path config = dir.resolve("ganesha.conf");
        Files.writeString(config, config(exportRoot.toAbsolutePath(), dir, nfsPort, mountPort));
        Path log = dir.resolve("ganesha.log");
        Process process = new ProcessBuilder(Children.command(List.of(which("ganesha.nfsd").orElseThrow().toString(),
                "-F", "-f", config.toString(), "-L", log.toString(), "-p", dir.resolve("ganesha.pid").toString())))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ganesha.out").toFile()).start();
        NfsServer server = new NfsServer(nfsPort, mountPort, process, log);
        server.awaitListening(Duration.ofSeconds(30));
        return server;
    }

    static String config(Path root, Path stateDir, int nfsPort, int mountPort) {
        return String.join("\n",
                "# written by nfs-lifecycle's local stack; serves " + root + " on 127.0.0.1 only",
                "NFS_CORE_PARAM {",
                "    NFS_Port = " + nfsPort + ";",
                "    MNT_Port = " + mountPort + ";",
                "    Bind_Addr = 127.0.0.1;",
                "    Protocols = 3, 4;",
                "    Enable_NLM = false;",
                "    Enable_RQUOTA = false;",
                "    Enable_UDP = false;",
                "}",
                "NFSV4 {",
                "    Graceless = true;",
                "    RecoveryRoot = \"" + stateDir.resolve("recovery") + "\";",
                "}",
                "NFS_KRB5 { Active_krb5 = false; }",
                "EXPORT {",
                "    Export_Id = 1;",
                "    Path = \"" + root + "\";",
                "    Pseudo = \"" + root + "\";",
                "    Access_Type = RW;",
                "    Squash = No_Root_Squash;",
                "    Protocols = 3, 4;",
                "    Transports = TCP;",
                "    SecType = sys;",
                "    FSAL { Name = VFS; }",
                "}",
                "LOG { Default_Log_Level = EVENT; }",
                "");
    }

    /** The URL {@code nfs-cp} and {@code nfs-ls} take for a path on this server (NFSv3, no portmapper lookups). */
    String url(String absolutePath) {
        return "nfs://127.0.0.1" + absolutePath + "?nfsport=" + nfsPort + "&mountport=" + mountPort;
    }

    private void awaitListening(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ganesha.nfsd exited with code " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", nfsPort), 500);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("ganesha.nfsd did not listen on " + nfsPort + " within " + wait + "; see " + log);
    }

    private static void ensureRpcbind() throws IOException, InterruptedException {
        if (rpcbindAnswers()) {
            return;
        }
        // rpcbind forks into the background and stays: it is the machine's portmapper, shared by everyone. Its -h
        // (bind UDP to one address) is not used: Debian 12's rpcbind 1.2.6 aborts with a double free when given it
        Path output = Files.createTempFile("rpcbind-", ".log");
        Process rpcbind = new ProcessBuilder(which("rpcbind").orElseThrow().toString(), "-w")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = rpcbind.waitFor(10, TimeUnit.SECONDS);
        String said = Files.readString(output).strip();
        Files.delete(output);
        if (!exited || rpcbind.exitValue() != 0 || !rpcbindAnswers()) {
            throw new IllegalStateException("rpcbind did not start (" + (rpcbind.isAlive() ? "still starting"
                    : "exit code " + rpcbind.exitValue()) + (said.isEmpty() ? "" : ": " + said) + "); NFSv3 needs it"
                    + " to register with: start it yourself (rpcbind -w) and check rpcinfo -p 127.0.0.1");
        }
    }

    private static boolean rpcbindAnswers() throws IOException, InterruptedException {
        return new ProcessBuilder("rpcinfo", "-p", "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    static Optional<Path> which(String program) {
        for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
            for (String d : List.of(dir, "/usr/sbin", "/sbin")) {
                Path candidate = Path.of(d.isEmpty() ? "." : d, program);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        ServiceProcess.stop(process);
    }
}
