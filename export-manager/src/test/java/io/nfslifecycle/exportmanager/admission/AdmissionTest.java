package io.nfslifecycle.exportmanager.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final long GIB = 1L << 30;
    private static final VolumeFigures FIFTY_GIB_HALF_FREE = new VolumeFigures(50 * GIB, 25 * GIB, 25 * GIB);
    private static final AdmissionPolicy STRICT = new AdmissionPolicy(1.0, true);

    @Test
    void admitsAClaimThatFits() {
        Verdict verdict = Admission.decide(STRICT, FIFTY_GIB_HALF_FREE, 20 * GIB, 0, 10 * GIB);

        assertThat(verdict.admitted()).isTrue();
    }

    @Test
    void refusesClaimThatDoesNotFit() {
        Verdict verdict = Admission.decide(STRICT, FIFTY_GIB_HALF_FREE, 45 * GIB, 0, 10 * GIB);

        assertThat(verdict.admitted()).isFalse();
        assertThat(verdict.reason()).contains("requested " + 10 * GIB + " bytes (10.0 GiB)", 45 * GIB + " bytes (45.0 GiB)"
                + " are already provisioned", "capacity is " + 50 * GIB + " bytes (50.0 GiB");
    }

    @Test
    void admitsUpToTheOvercommitRatio() {
        AdmissionPolicy twice = new AdmissionPolicy(2.0, false);

        assertThat(Admission.decide(twice, FIFTY_GIB_HALF_FREE, 90 * GIB, 0, 10 * GIB).admitted()).isTrue();
        assertThat(Admission.decide(twice, FIFTY_GIB_HALF_FREE, 90 * GIB, 0, 10 * GIB + 1).admitted()).isFalse();
    }

    @Test
    void refusesAClaimLargerThanTheFreeSpace() {
        VolumeFigures nearlyFull = new VolumeFigures(50 * GIB, 49 * GIB, GIB);

        Verdict verdict = Admission.decide(STRICT, nearlyFull, 0, 0, 2 * GIB);

        assertThat(verdict.admitted()).isFalse();
        assertThat(verdict.reason()).contains("only " + GIB + " bytes are free");
    }

    @Test
    void aRequestNearTheLargestNumberIsRefusedNotWrappedAround() {
        AdmissionPolicy thin = new AdmissionPolicy(1.0, false);

        assertThat(Admission.decide(thin, FIFTY_GIB_HALF_FREE, 20 * GIB, 0, Long.MAX_VALUE).admitted()).isFalse();
        assertThat(Admission.decide(thin, FIFTY_GIB_HALF_FREE, 20 * GIB, 0, Long.MAX_VALUE - GIB).admitted())
                .isFalse();
        assertThat(Admission.decide(STRICT, FIFTY_GIB_HALF_FREE, 20 * GIB, GIB, Long.MAX_VALUE).reason())
                .contains(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void thinProvisioningSwitchesTheFreeSpaceCheckOff() {
        VolumeFigures nearlyFull = new VolumeFigures(50 * GIB, 49 * GIB, GIB);

        assertThat(Admission.decide(new AdmissionPolicy(1.0, false), nearlyFull, 0, 0, 2 * GIB).admitted()).isTrue();
    }

    @Test
    void aResizeCountsOnlyWhatItAdds() {
        // 40 provisioned, of which this claim holds 10; growing it to 20 makes 50: just fits
        assertThat(Admission.decide(STRICT, FIFTY_GIB_HALF_FREE, 40 * GIB, 10 * GIB, 20 * GIB).admitted()).isTrue();
        assertThat(Admission.decide(STRICT, FIFTY_GIB_HALF_FREE, 40 * GIB, 10 * GIB, 21 * GIB).admitted()).isFalse();
    }
}
