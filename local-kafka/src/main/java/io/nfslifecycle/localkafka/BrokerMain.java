package io.nfslifecycle.localkafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child JVM's entry point: formats the KRaft storage, then runs the broker. It halts as soon as its standard
 * input closes, which is what happens when the parent JVM ends for any reason, kill -9 included, so no broker
 * outlives the test or local run that started it.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    /** @param args {@code <server.properties> <cluster id>} */
    public static void main(String[] args) {
        Thread watchdog = new Thread(BrokerMain::haltWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "--config", args[0], "--cluster-id", args[1], "--standalone", "--ignore-formatted"},
                System.out);
        if (formatted != 0) {
            System.err.println("formatting the KRaft storage failed with exit code " + formatted);
            Runtime.getRuntime().halt(formatted);
        }
        kafka.Kafka.main(new String[] {args[0]});
    }

    private static void haltWhenParentGoes() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the parent writes nothing; we only wait for end-of-stream
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-stream
        }
        Runtime.getRuntime().halt(0);
    }
}
