package io.nfslifecycle.claimwatcher.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.plan.Request;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;

class ExportBookTest {
    private final ExportBook book = new ExportBook();

    @Test
    void anAnswerClosesTheRequestItAnswers() {
        book.requested("u-1", new Request(EventTypes.CLAIM_REQUESTED, 5L << 30, Samples.T0));

        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                Samples.T0.plusSeconds(1));

        assertThat(book.requests().get("u-1").open()).isFalse();
        assertThat(book.exports()).containsKey("u-1");
    }

    @Test
    void remembersADeletedClaimWhileItsRequestOrExportIsOpenAndForgetsItAfter() {
        // given a claim seen, asked for, then deleted before the answer
        book.seen(Set.of("u-1"));
        book.requested("u-1", new Request(EventTypes.CLAIM_REQUESTED, 5L << 30, Samples.T0));
        book.seen(Set.of());
        assertThat(book.seenClaims()).containsExactly("u-1");

        // when the export is ready, it is still remembered (its directory must be handed back)
        book.received(new ExportReady(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY)),
                Samples.T0.plusSeconds(1));
        book.seen(Set.of());
        assertThat(book.seenClaims()).containsExactly("u-1");

        // and once reclaimed, it is forgotten
        book.received(new ExportReclaimed(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.ARCHIVED),
                "/mnt/data/archived-x"), Samples.T0.plusSeconds(2));
        book.seen(Set.of());
        assertThat(book.seenClaims()).isEmpty();
    }
}
