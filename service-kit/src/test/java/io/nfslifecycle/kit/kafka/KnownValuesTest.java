package io.nfslifecycle.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.EventTypes;

class KnownValuesTest {

    @Test
    void aTypeTheContractDoesNotKnowIsCountedAsUnknown() {
        assertThat(KnownValues.type(EventTypes.CLAIM_REQUESTED)).isEqualTo(EventTypes.CLAIM_REQUESTED);
        assertThat(KnownValues.type("io.evil." + "x".repeat(500))).isEqualTo("unknown");
        assertThat(KnownValues.type(null)).isEqualTo("none");
    }

    @Test
    void fieldsAreCountedByTheirFirstSegmentAndOnlyWhenTheContractHasThem() {
        assertThat(KnownValues.field("labels.some-key-a-producer-chose")).isEqualTo("labels");
        assertThat(KnownValues.field("accessModes[3]")).isEqualTo("accessModes");
        assertThat(KnownValues.field("export.requestedBytes")).isEqualTo("export");
        assertThat(KnownValues.field("ce_type")).isEqualTo("ce_type");
        assertThat(KnownValues.field("requestedBytes")).isEqualTo("requestedBytes");
        assertThat(KnownValues.field("whatever\0")).isEqualTo("other");
    }
}
