package io.nfslifecycle.localstack;

import java.nio.file.Paths;
import java.util.Optional;

/** {@code bin/run}: the whole system on this machine until Ctrl-C. */
public final class LocalRun {
    private LocalRun() {
    }

    /** Kept so the level set on it is not lost to garbage collection. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** The broker's and the mock API's own chatter (retries while the broker boots, every request) is not for a person. */
    static void quietLibraryLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** {@code bin/run [--kubeconfig FILE] [--export-root DIR] [--no-nfs]}. */
    public static void main(String[] args) throws InterruptedException {
        quietLibraryLogs();
        StackSettings settings = StackSettings.defaults(Paths.get("").toAbsolutePath());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kubeconfig" -> settings = new StackSettings(settings.projectDir(), settings.stateDir(),
                        settings.exportRoot(), Optional.of(Paths.get(args[++i])), settings.nfs(), false, settings.properties());
                case "--export-root" -> settings = new StackSettings(settings.projectDir(), settings.stateDir(),
                        Paths.get(args[++i]), settings.kubeconfig(), settings.nfs(), false, settings.properties());
                case "--no-nfs" -> settings = new StackSettings(settings.projectDir(), settings.stateDir(),
                        settings.exportRoot(), settings.kubeconfig(), false, false, settings.properties());
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: bin/run [--kubeconfig FILE] "
                            + "[--export-root DIR] [--no-nfs]");
                    System.exit(2);
                }
            }
        }
        Children.dieWithLauncher();
        LocalStack stack;
        try {
            stack = LocalStack.start(settings, System.out);
        } catch (RuntimeException e) { // what went wrong is in the message; the stack trace tells a user nothing
            System.err.println("bin/run: " + e.getMessage());
            System.exit(1);
            return;
        }
        Thread stopper = new Thread(() -> {
            System.out.println("\nstopping ...");
            stack.close();
            System.out.println("stopped; nothing left running.");
        }, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println();
        System.out.print(stack.describe());
        System.out.println();
        System.out.println("Try it (another terminal):  bin/demo create data 1Gi   then  bin/demo pv   bin/demo exports");
        System.out.println("Ctrl-C stops everything.");
        Thread.currentThread().join();
    }
}
