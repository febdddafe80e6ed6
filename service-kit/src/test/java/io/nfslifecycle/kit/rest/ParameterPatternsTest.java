package io.nfslifecycle.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.file.Paths;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.junit.jupiter.api.Test;

class ParameterPatternsTest {

    @SuppressWarnings("unused")
    static class Resource {
        public void paged(@QueryParam("filter") String filter,
                @QueryParam("page") @Pattern(regexp = "[0-9]+", message = "page must be a number") String page) {
        }

        public void required(@QueryParam("page") @NotNull String page) {
        }

        public void flagged(@QueryParam("page") @Pattern(regexp = "a", flags = Pattern.Flag.CASE_INSENSITIVE,
                message = "page must be a") String page) {
        }

        public void templated(@QueryParam("page") @Pattern(regexp = "a") String page) {
        }
    }

    @Path("/checked")
    @PatternChecked
    static class CheckedResource {
        @GET
        public String list(@QueryParam("page") @Pattern(regexp = "[0-9]+", message = "page must be a number") String page) {
            return page;
        }
    }

    @Path("/unbound")
    static class UnboundResource {
        @GET
        public String list(@QueryParam("page") @Pattern(regexp = "[0-9]+", message = "page must be a number") String page) {
            return page;
        }
    }

    @Path("/required")
    @PatternChecked
    static class RequiredResource {
        @GET
        public String list(@QueryParam("page") @NotNull String page) {
            return page;
        }
    }

    @Test
    void findsTheResourcesWhoseConstraintsNothingWouldCheck() throws Exception {
        assertThat(ParameterPatterns.unchecked(Paths.get("target/test-classes"))).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("RequiredResource.list", "which nothing checks"),
                p -> assertThat(p).contains("UnboundResource.list", "UnboundResource is not @PatternChecked"));
    }

    @Test
    void readsThePatternOfEachStringParameterWithItsPosition() throws Exception {
        assertThat(ParameterPatterns.rulesOf(method("paged"))).singleElement().satisfies(rule -> {
            assertThat(rule.index()).isEqualTo(1);
            assertThat(rule.message()).isEqualTo("page must be a number");
            assertThat(rule.regex().matcher("12").matches()).isTrue();
            assertThat(rule.regex().matcher("12x").matches()).as("the whole value").isFalse();
        });
    }

    @Test
    void refusesAConstraintItWouldNotCheck() {
        for (String name : new String[] {"required", "flagged", "templated"}) {
            assertThatThrownBy(() -> ParameterPatterns.rulesOf(method(name))).as(name)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("which nothing checks");
        }
    }

    @Test
    void namesABadValueCutAtSixtyCharacters() {
        assertThat(ParameterPatterns.describe("page must be a number", "x")).isEqualTo("page must be a number (was 'x')");
        assertThat(ParameterPatterns.describe("m", "y".repeat(61))).isEqualTo("m (was '" + "y".repeat(60) + "...')");
    }

    private static Method method(String name) {
        for (Method m : Resource.class.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }
}
