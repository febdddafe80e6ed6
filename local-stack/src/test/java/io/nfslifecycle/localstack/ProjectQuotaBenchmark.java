package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prints the audit's time for 40 claims at 200,000 files, read from the quota accounting vs walked, on a real kernel
 * ({@link UmlGuest}). Not part of {@code bin/test}; as root, after {@code ./mvnw -B -q install -DskipTests}:
 * {@code ./mvnw -B test -pl local-stack -Dtest=ProjectQuotaBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ProjectQuotaBenchmark {

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4"})
    void auditOfFortyClaimsQuotaVersusWalk(String filesystem) throws Exception {
        Map<String, String> facts = UmlGuest.boot(filesystem, 2048, GuestAuditBenchmark.class, 30);
        assertThat(facts).doesNotContainKey("error");
        System.out.printf("%n| %s, 40 claims, %s files (median of 3, warm) | quota read | walk | du -sB1 |%n",
                filesystem, facts.get("files"));
        System.out.printf("| ms | %s | %s | %s |%n", facts.get("quota.ms"), facts.get("walk.ms"), facts.get("du.ms"));
    }
}
