package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {
    /** The API server's own expressions (k8s.io/apimachinery validation), the reference the scans must agree with. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** Every kind of character the rules tell apart, and some they must refuse. */
    private static final String ALPHABET = "az09AZ-._/ \u00e9\u0000";

    @Test
    void acceptsWhatTheApiServerAccepts() {
        assertThat(KubernetesNames.namespace("n".repeat(63))).isEmpty();
        assertThat(KubernetesNames.objectName("data.v1-" + "c".repeat(200))).isEmpty();
        assertThat(KubernetesNames.uid("6f1c2b9e-3f9a-4d61-9a43-1c2d3e4f5a6b")).isEmpty();
    }

    @Test
    void refusesNamesThatCannotComeFromKubernetes() {
        assertThat(KubernetesNames.namespace("Shop")).isPresent();
        assertThat(KubernetesNames.namespace("n".repeat(64))).isPresent();
        assertThat(KubernetesNames.objectName("../etc")).isPresent();
        assertThat(KubernetesNames.objectName("a/b")).isPresent();
        assertThat(KubernetesNames.objectName("a..b")).isPresent();
        assertThat(KubernetesNames.objectName("")).isPresent();
        assertThat(KubernetesNames.uid("../x")).isPresent();
        assertThat(KubernetesNames.uid("")).isPresent();
    }

    @Test
    void scansDecideAsTheApiServersExpressionsOnEveryShortName() {
        List<String> names = new ArrayList<>(List.of(""));
        List<String> shorter = List.of("");
        for (int length = 1; length <= 4; length++) {
            List<String> longer = new ArrayList<>();
            for (String s : shorter) {
                for (char c : ALPHABET.toCharArray()) {
                    longer.add(s + c);
                }
            }
            names.addAll(longer);
            shorter = longer;
        }
        names.forEach(KubernetesNamesTest::agreesWithTheExpressions);
    }

    @Test
    void scansDecideAsTheApiServersExpressionsAtAndOverEveryLengthLimit() {
        Random random = new Random(17);
        for (int length : new int[] {62, 63, 64, 127, 128, 129, 252, 253, 254, 300}) {
            agreesWithTheExpressions("a".repeat(length));
            agreesWithTheExpressions("A".repeat(length));
            agreesWithTheExpressions("a" + "-".repeat(Math.max(0, length - 2)) + "0");
            agreesWithTheExpressions(("a.".repeat(length)).substring(0, length - 1) + "b");
            for (int i = 0; i < 200; i++) {
                agreesWithTheExpressions(mostlyValid(random, length));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            agreesWithTheExpressions(mostlyValid(random, random.nextInt(20)));
        }
    }

    /** Names that are often valid, with now and then a character from the whole alphabet. */
    private static String mostlyValid(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(20);
            s.append(pick < 14 ? (char) ('a' + random.nextInt(26)) : pick < 16 ? '-' : pick < 18 ? '.'
                    : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static void agreesWithTheExpressions(String name) {
        assertThat(KubernetesNames.isDnsLabel(name)).as("DNS label '%s'", name)
                .isEqualTo(DNS_LABEL.matcher(name).matches());
        assertThat(KubernetesNames.isDnsSubdomain(name)).as("DNS subdomain '%s'", name)
                .isEqualTo(name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches());
        assertThat(KubernetesNames.isUid(name)).as("UID '%s'", name).isEqualTo(UID.matcher(name).matches());
    }
}
