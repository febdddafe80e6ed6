package io.nfslifecycle.exportmanager.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.recovery.Recovery.CreateStep;
import io.nfslifecycle.exportmanager.recovery.Recovery.ReleaseStep;

class RecoveryTest {

    @Test
    void aCreateMakesTheDirectoryWhenNothingIsThere() {
        assertThat(Recovery.create(DirectoryState.ABSENT)).isEqualTo(CreateStep.MAKE_DIRECTORY);
    }

    @Test
    void aCreateCutShortAfterMkdirIsFinishedNotRepeated() {
        assertThat(Recovery.create(DirectoryState.DIRECTORY)).isEqualTo(CreateStep.SET_MODE_AND_RECORD);
    }

    @Test
    void aCreateNeverGoesThroughALink() {
        assertThat(Recovery.create(DirectoryState.NOT_A_DIRECTORY)).isEqualTo(CreateStep.REFUSE_CONFLICT);
        assertThat(Recovery.create(DirectoryState.UNSAFE_PARENT)).isEqualTo(CreateStep.REFUSE_CONFLICT);
    }

    @Test
    void anArchiveRenamesOnceAndRecordsAfterARestart() {
        assertThat(Recovery.release(OnDelete.ARCHIVE, DirectoryState.DIRECTORY, false, false))
                .isEqualTo(ReleaseStep.RENAME_TO_ARCHIVE);
        assertThat(Recovery.release(OnDelete.ARCHIVE, DirectoryState.ABSENT, true, false))
                .isEqualTo(ReleaseStep.RECORD_ARCHIVED);
    }

    @Test
    void aDeleteCutShortFinishesRemovingWhatItMovedAside() {
        assertThat(Recovery.release(OnDelete.DELETE, DirectoryState.DIRECTORY, false, false))
                .isEqualTo(ReleaseStep.MOVE_ASIDE_AND_DELETE);
        assertThat(Recovery.release(OnDelete.DELETE, DirectoryState.ABSENT, false, true))
                .isEqualTo(ReleaseStep.DELETE_MOVED_ASIDE);
        assertThat(Recovery.release(OnDelete.DELETE, DirectoryState.ABSENT, false, false))
                .isEqualTo(ReleaseStep.RECORD_DELETED);
    }

    @Test
    void aReleaseNeverTouchesALinkInPlaceOfTheClaimDirectory() {
        for (OnDelete action : OnDelete.values()) {
            assertThat(Recovery.release(action, DirectoryState.NOT_A_DIRECTORY, false, false)).as(action.name())
                    .isEqualTo(ReleaseStep.REFUSE_CONFLICT);
        }
    }

    @Test
    void aVanishedDirectoryIsReportedNotRecreated() {
        assertThat(Recovery.ready(DirectoryState.ABSENT)).isEqualTo(Recovery.ReadyCheck.REPORT_MISSING);
        assertThat(Recovery.ready(DirectoryState.NOT_A_DIRECTORY)).isEqualTo(Recovery.ReadyCheck.REPORT_MISSING);
        assertThat(Recovery.ready(DirectoryState.DIRECTORY)).isEqualTo(Recovery.ReadyCheck.FINE);
        assertThat(Recovery.release(OnDelete.ARCHIVE, DirectoryState.ABSENT, false, false))
                .isEqualTo(ReleaseStep.RECORD_GONE);
    }
}
