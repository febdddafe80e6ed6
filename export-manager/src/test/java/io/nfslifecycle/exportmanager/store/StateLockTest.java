package io.nfslifecycle.exportmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second export manager on one state directory is refused at start; once the first is gone, it may start. */
class StateLockTest {
    @TempDir
    Path state;

    /**
     * The first export manager: takes the lock, says so, and holds it until killed (or until its standard input
     * closes: the test's JVM is gone, and so is this one).
     */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            StateLock.acquire(Path.of(args[0]));
            System.out.println("held");
            System.out.flush();
            while (System.in.read() != -1) {
                // nothing comes in: the pipe only tells when the test's JVM is gone
            }
        }
    }

    @Test
    void aSecondProcessOnTheSameStateDirectoryIsRefusedWithWhatToDo() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process first = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                state.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream()));
            assertThat(out.readLine()).isEqualTo("held");

            assertThatThrownBy(() -> StateLock.acquire(state)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another export-manager uses the state directory")
                    .hasMessageContaining("Stop the other one");

            first.destroyForcibly(); // kill -9: the kernel lets go of its lock
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> StateLock.acquire(state));
            StateLock.acquire(state); // taken once per process: a second start in it is no second process
        } finally {
            first.destroyForcibly();
        }
    }
}
