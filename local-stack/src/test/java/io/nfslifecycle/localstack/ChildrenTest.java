package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ChildrenTest {

    @Test
    void aChildDiesWithTheLauncherEvenWhenTheLauncherIsKilled() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        Process launcher = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                "target/classes:target/test-classes", ChildSpawner.class.getName()).redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            childPid = Long.parseLong(out.readLine().trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertThat(child.isAlive()).isTrue();

            launcher.destroyForcibly(); // kill -9

            await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        } finally {
            launcher.destroyForcibly();
        }
    }
}
