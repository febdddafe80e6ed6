package io.nfslifecycle.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the local run starts a child process (a service, NFS-Ganesha). Under bin/run each child is started through
 * {@code setpriv --pdeathsig KILL}: the kernel kills it when bin/run dies, even by kill -9, so no child outlives
 * it to hold a port the next run needs. (The signal follows the thread that started the child: bin/run starts
 * them on its main thread, which lives as long as it does.)
 */
final class Children {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static volatile boolean dieWithLauncher;

    private Children() {
    }

    /** From now on, children die with this process (where setpriv exists; util-linux has it). */
    static void dieWithLauncher() {
        dieWithLauncher = Files.isExecutable(SETPRIV);
    }

    static List<String> command(List<String> command) {
        if (!dieWithLauncher) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
