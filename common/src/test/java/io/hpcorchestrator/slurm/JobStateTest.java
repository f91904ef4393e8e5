package io.hpcorchestrator.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStateTest {

    @ParameterizedTest
    @CsvSource({"PD, PENDING", "CF, CONFIGURING", "R, RUNNING", "S, SUSPENDED", "CG, COMPLETING", "CD, COMPLETED",
            "CA, CANCELLED", "F, FAILED", "TO, TIMEOUT", "OOM, OUT_OF_MEMORY", "NF, NODE_FAIL", "PR, PREEMPTED",
            "BF, BOOT_FAIL", "DL, DEADLINE", "RQ, REQUEUED", "RH, REQUEUE_HOLD", "RF, REQUEUE_FED", "RS, RESIZING",
            "RV, REVOKED", "SE, SPECIAL_EXIT", "ST, STOPPED", "SI, SIGNALING", "SO, STAGE_OUT"})
    void squeuesShortCodesMapToStates(String code, JobState state) {
        assertThat(JobState.parse(code)).isEqualTo(state);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyStateParsesFromItsOwnName(JobState state) {
        assertThat(JobState.parse(state.name())).isEqualTo(state);
        assertThat(JobState.parse(state.name().toLowerCase())).isEqualTo(state);
    }

    @Test
    void wordsAndFlagsAfterTheStateAreIgnored() {
        assertThat(JobState.parse("CANCELLED by 0")).isEqualTo(JobState.CANCELLED);
        assertThat(JobState.parse("CANCELLED by 1001")).isEqualTo(JobState.CANCELLED);
        assertThat(JobState.parse(" RUNNING+COMPLETING ")).isEqualTo(JobState.RUNNING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "EXPLODED", "X", "by 0"})
    void anythingElseIsUnknown(String text) {
        assertThat(JobState.parse(text)).isEqualTo(JobState.UNKNOWN);
    }

    @Test
    void onlyStatesAJobCannotLeaveWithoutANewSubmissionAreFinished() {
        EnumSet<JobState> finished = EnumSet.of(JobState.COMPLETED, JobState.CANCELLED, JobState.FAILED, JobState.TIMEOUT,
                JobState.OUT_OF_MEMORY, JobState.NODE_FAIL, JobState.PREEMPTED, JobState.BOOT_FAIL, JobState.DEADLINE,
                JobState.REVOKED, JobState.SPECIAL_EXIT);
        for (JobState state : JobState.values()) {
            assertThat(state.isFinished()).as(state.name()).isEqualTo(finished.contains(state));
        }
        assertThat(JobState.COMPLETING.isFinished()).isFalse();
        assertThat(JobState.UNKNOWN.isFinished()).isFalse();
    }
}
