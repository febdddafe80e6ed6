package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aBusyPortIsNamedWithTheProcessThatHoldsIt() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = held.getLocalPort();

            assertThat(Ports.free(port)).isFalse();
            assertThatThrownBy(() -> Ports.requireFree(Map.of(port, "claim-watcher HTTP")))
                    .hasMessageContaining("port " + port + " (claim-watcher HTTP) is in use by")
                    .hasMessageContaining("kill");
            assertThat(Ports.holder(port)).hasValueSatisfying(h ->
                    assertThat(h).contains("process " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aPortTheKernelHandsOutAgainIsNeverGivenToASecondService() {
        java.util.PrimitiveIterator.OfInt kernel = java.util.stream.IntStream.of(45825, 45825, 38971, 45825, 45129)
                .iterator();
        Ports.Unused unused = new Ports.Unused(kernel::nextInt);

        assertThat(java.util.stream.IntStream.range(0, 3).map(i -> unused.next()).toArray())
                .containsExactly(45825, 38971, 45129);
    }

    @Test
    void freePortsPass() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        assertThat(Ports.free(port)).isTrue();
        Ports.requireFree(Map.of(port, "anything"));
    }
}
