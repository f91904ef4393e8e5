package io.hpcorchestrator.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusPolicyTest {

    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    private static ServiceRecord service(ServiceState status, boolean cancelRequested) {
        return new ServiceRecord("svc-0123456789ab", "examples/http-echo", "http-echo-0123456789ab", 42L, status, null, "{}",
                "#!/bin/bash", "/w/%x-%j.out", "/w/%x-%j.err", "/w", "/health", null, null, null, null, null, cancelRequested,
                null, null, T, T, T, null, null, null, 0);
    }

    private static Optional<JobInfo> job(JobState state, String reason, Integer exitCode, Integer signal, String comment) {
        return Optional.of(new JobInfo(42, "http-echo-0123456789ab", "root", state, reason, exitCode, signal, "debug", List.of("vm"),
                "vm", comment, "/w", "/w/out", "/w/err", T, T, null));
    }

    private static Observation observe(ServiceState status, Optional<JobInfo> job, Optional<Boolean> ready) {
        return JobStatusPolicy.observe(service(status, false), job, ready);
    }

    @Test
    void aQueuedJobIsPendingWithSlurmsReason() {
        assertThat(observe(ServiceState.SUBMITTING, job(JobState.PENDING, "Resources", null, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.PENDING, "Resources", null));
        assertThat(observe(ServiceState.PENDING, job(JobState.PENDING, "None", null, null, null), Optional.empty()).reason())
                .isEqualTo("Queued");
    }

    @Test
    void aRunningJobWithoutAReportYetStaysWhereItIs() {
        assertThat(observe(ServiceState.PENDING, job(JobState.RUNNING, null, null, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.PENDING, "JobStarted", null));
    }

    @Test
    void aBuildingReportMakesTheServiceBuilding() {
        assertThat(observe(ServiceState.PENDING, job(JobState.RUNNING, null, null, null, "hpc:phase=BUILDING"), Optional.empty()).state())
                .isEqualTo(ServiceState.BUILDING);
    }

    @Test
    void aStartedServiceIsStartingUntilTheProbePassesThenRunning() {
        Optional<JobInfo> started = job(JobState.RUNNING, null, null, null, "hpc:phase=BUILDING,phase=STARTING,node=vm,port=20000");
        assertThat(observe(ServiceState.BUILDING, started, Optional.empty()))
                .isEqualTo(new Observation(ServiceState.STARTING, "WaitingForReadiness", null));
        assertThat(observe(ServiceState.STARTING, started, Optional.of(false)))
                .isEqualTo(new Observation(ServiceState.STARTING, "ReadinessProbeFailing", null));
        assertThat(observe(ServiceState.STARTING, started, Optional.of(true)))
                .isEqualTo(new Observation(ServiceState.RUNNING, null, null));
        assertThat(observe(ServiceState.PENDING, started, Optional.of(true)).state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void aRunningServiceWhoseProbeFailsStaysRunningAndSaysSo() {
        Optional<JobInfo> started = job(JobState.RUNNING, null, null, null, "hpc:phase=STARTING,node=vm,port=20000");
        assertThat(observe(ServiceState.RUNNING, started, Optional.of(false)))
                .isEqualTo(new Observation(ServiceState.RUNNING, "ReadinessProbeFailing", null));
    }

    @Test
    void aCompletedJobCompletesWithItsExitCode() {
        assertThat(observe(ServiceState.RUNNING, job(JobState.COMPLETED, null, 0, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.COMPLETED, "JobCompleted", 0));
    }

    @Test
    void aFailedJobFailsWithItsExitCodeOrSignal() {
        assertThat(observe(ServiceState.RUNNING, job(JobState.FAILED, "NonZeroExitCode", 1, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.FAILED, "NonZeroExitCode: exit code 1", 1));
        assertThat(observe(ServiceState.STARTING, job(JobState.FAILED, null, 0, 9, null), Optional.empty()).reason())
                .isEqualTo("Signal: 9");
    }

    @ParameterizedTest
    @EnumSource(names = {"TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"})
    void slurmsOwnEndingsFailWithTheirName(JobState state) {
        assertThat(observe(ServiceState.RUNNING, job(state, null, 0, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.FAILED, state.name(), 0));
    }

    @Test
    void aCancelledJobIsCancelledAndSaysWhoCancelledIt() {
        assertThat(JobStatusPolicy.observe(service(ServiceState.RUNNING, true), job(JobState.CANCELLED, null, 0, 15, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.CANCELLED, "CancelledByUser", 0));
        assertThat(observe(ServiceState.PENDING, job(JobState.CANCELLED, null, null, null, null), Optional.empty()).reason())
                .isEqualTo("CancelledInSlurm");
    }

    @Test
    void aJobSlurmForgotFailsUnlessItWasCancelled() {
        assertThat(observe(ServiceState.RUNNING, Optional.empty(), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.FAILED, "JobLost: SLURM no longer knows job 42", null));
        assertThat(JobStatusPolicy.observe(service(ServiceState.RUNNING, true), Optional.empty(), Optional.empty()).state())
                .isEqualTo(ServiceState.CANCELLED);
    }

    @Test
    void aRequeuedJobDoesNotMoveTheServiceBackwards() {
        assertThat(observe(ServiceState.RUNNING, job(JobState.PENDING, "BeginTime", null, null, null), Optional.empty()))
                .isEqualTo(new Observation(ServiceState.RUNNING, "Requeued: PENDING", null));
    }

    @Test
    void theReportParsesLaterWordsOverEarlierOnesAndIgnoresOtherComments() {
        assertThat(JobReport.parse("hpc:phase=BUILDING,phase=STARTING,node=node2,port=41234"))
                .isEqualTo(new JobReport("STARTING", "node2", 41234));
        assertThat(JobReport.parse("my own comment")).isEqualTo(JobReport.NONE);
        assertThat(JobReport.parse("hpc:port=99999,port=x")).isEqualTo(new JobReport(null, null, null));
        assertThat(JobReport.parse(null)).isEqualTo(JobReport.NONE);
    }
}
