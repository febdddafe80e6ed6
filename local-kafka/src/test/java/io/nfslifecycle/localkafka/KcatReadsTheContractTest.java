package io.nfslifecycle.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;

/** What a user's own integration sees: a claim event read back by kcat, a plain Kafka client. */
class KcatReadsTheContractTest {

    @Test
    void kcatShowsKeyCloudEventsHeadersAndJson() throws Exception {
        Assumptions.assumeTrue(onPath("kcat"), "kcat is not installed (apt-get install kcat; bin/test does it as root)");
        ClaimRequested claim = new ClaimRequested("0b6c3f5e-kcat", "shop", "data", "pvc-0b6c3f5e-kcat", "nfs", "nfs-1",
                1L << 30, List.of("ReadWriteMany"), OnDelete.ARCHIVE, "", Map.of(), Map.of());

        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.defaults())) {
            TopicProbe.produce(kafka.bootstrapServers(), new EventCodec("/test").toProducerRecord(claim));

            Process kcat = new ProcessBuilder("kcat", "-b", kafka.bootstrapServers(), "-C", "-t", Topics.CLAIMS,
                    "-o", "beginning", "-e", "-q", "-f", "%k %h %s\\n").redirectErrorStream(true).start();
            String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();

            System.out.println("kcat -b " + kafka.bootstrapServers() + " -C -t " + Topics.CLAIMS + " -f '%k %h %s\\n':\n" + out);
            assertThat(out).startsWith("0b6c3f5e-kcat ")
                    .contains("ce_specversion=1.0", "ce_type=io.nfs-lifecycle.claim.requested.v1", "ce_subject=shop/data",
                            "content-type=application/json", "{\"claimUid\":\"0b6c3f5e-kcat\"");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
