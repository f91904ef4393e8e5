package io.hpcorchestrator.slurm.cli;

import static io.hpcorchestrator.slurm.cli.ScontrolOutputTest.captured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which command each verb runs (exactly one), and how SLURM's answers and failures come back. */
class CliSlurmClientTest {

    private static final String SCRIPT = "#!/bin/bash\n#SBATCH --partition=debug\nsleep 300\n";
    private static final Map<String, String> READ_ENVIRONMENT = Map.of("TZ", "UTC0", "SLURM_TIME_FORMAT", "standard");

    private final ScriptedRunner runner = new ScriptedRunner();
    private final CliSlurmClient client = new CliSlurmClient(runner);

    @Test
    void submitRunsSbatchOnceWithTheScriptOnStdinAndTheEnvironmentBesideTheArguments() {
        runner.answer(0, "4242\n", "");
        long id = client.submit(new JobSubmission(SCRIPT, "svc-1", "/work", Map.of("HF_TOKEN", "s3cret value")));

        assertThat(id).isEqualTo(4242);
        assertThat(runner.commands).singleElement().satisfies(command -> {
            assertThat(command.argv()).containsExactly("sbatch", "--parsable", "--export=ALL", "--job-name=svc-1", "--chdir=/work");
            assertThat(new String(command.stdin(), StandardCharsets.UTF_8)).isEqualTo(SCRIPT);
            assertThat(command.environment()).containsExactly(Map.entry("HF_TOKEN", "s3cret value"));
            assertThat(command.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void aSubmissionSlurmRefusesIsRejectedWithSlurmsOwnWords() {
        runner.answer(1, "", "sbatch: error: invalid partition specified: nosuch\n"
                + "sbatch: error: Batch job submission failed: Invalid partition name specified\n");
        assertThatThrownBy(() -> client.submit(new JobSubmission(SCRIPT, "svc", "/work", Map.of())))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.REJECTED);
                    assertThat(e.transport()).isEqualTo("scripted");
                    assertThat(e.getMessage()).isEqualTo("invalid partition specified: nosuch; "
                            + "Batch job submission failed: Invalid partition name specified");
                });
    }

    @Test
    void aSubmissionThatCannotReachTheControllerIsUnavailable() {
        runner.answer(1, "", "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n");
        assertThatThrownBy(() -> client.submit(new JobSubmission(SCRIPT, "svc", "/work", Map.of())))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAVAILABLE));
    }

    @Test
    void aMissingSbatchIsUnavailable() {
        runner.answer(127, "", "bash: line 1: sbatch: command not found\n");
        assertThatThrownBy(() -> client.submit(new JobSubmission(SCRIPT, "svc", "/work", Map.of())))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAVAILABLE));
    }

    @Test
    void aTransportFailureIsUnavailable() {
        runner.fail("cannot connect to hpcuser@login:22: timeout");
        assertThatThrownBy(() -> client.nodes())
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("timeout");
                    assertThat(e.getCause()).isInstanceOf(CommandException.class);
                });
    }

    @Test
    void askingForNoJobsRunsNothing() {
        assertThat(client.jobs(List.of())).isEmpty();
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void oneJobIsAskedForByIdInUtc() {
        runner.answer(0, captured("job-failed.txt"), "");
        assertThat(client.jobs(List.of(86L))).singleElement().satisfies(job -> {
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(job.exitCode()).isEqualTo(3);
        });
        assertThat(runner.commands).singleElement().satisfies(command -> {
            assertThat(command.argv()).containsExactly("scontrol", "show", "job", "--oneliner", "86");
            assertThat(command.environment()).isEqualTo(READ_ENVIRONMENT);
        });
    }

    @Test
    void aSingleUnknownIdIsAbsentNotAnError() {
        runner.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n");
        assertThat(client.jobs(List.of(999_999L))).isEmpty();
    }

    @Test
    void severalJobsComeFromOneListingAndUnknownIdsAreAbsent() {
        runner.answer(0, captured("jobs-all.txt"), "");
        List<JobInfo> jobs = client.jobs(List.of(81L, 88L, 90L, 999_999L, 88L));
        assertThat(jobs).extracting(JobInfo::id).containsExactlyInAnyOrder(81L, 88L, 90L);
        assertThat(runner.commands).singleElement().satisfies(command -> {
            assertThat(command.argv()).containsExactly("scontrol", "show", "job", "--oneliner");
            assertThat(command.environment()).isEqualTo(READ_ENVIRONMENT);
        });
    }

    @Test
    void theQueueIsTheWholeListingFromOneCommand() {
        runner.answer(0, captured("jobs-all.txt"), "");
        List<JobInfo> queue = client.queue();
        assertThat(queue).hasSize(23).extracting(JobInfo::id).contains(81L, 88L, 90L);
        assertThat(runner.commands).singleElement().satisfies(command ->
                assertThat(command.argv()).containsExactly("scontrol", "show", "job", "--oneliner"));
    }

    @Test
    void aFailingListingIsUnavailable() {
        runner.answer(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        assertThatThrownBy(() -> client.jobs(List.of(1L, 2L)))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAVAILABLE));
    }

    @Test
    void garbledOutputIsUnavailableNotACrash() {
        runner.answer(0, "JobId=notanumber JobName=x\n", "");
        assertThatThrownBy(() -> client.jobs(List.of(1L, 2L)))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAVAILABLE));
    }

    @Test
    void jobsByNameMatchTheWholeNameInOneListing() {
        runner.answer(0, captured("jobs-all.txt"), "").answer(0, captured("jobs-all.txt"), "").answer(0, "No jobs in the system\n", "");
        assertThat(client.jobsNamed("capture spaced name")).extracting(JobInfo::id).containsExactly(90L);
        assertThat(client.jobsNamed("capture")).isEmpty();
        assertThat(client.jobsNamed("it-echo-none")).isEmpty();
        assertThat(runner.commands).hasSize(3).allSatisfy(command ->
                assertThat(command.argv()).containsExactly("scontrol", "show", "job", "--oneliner"));
    }

    @Test
    void cancelRunsScancelAndAcceptsJobsThatAreAlreadyGone() {
        runner.answer(0, "", "").answer(1, "", "scancel: error: Kill job error on job id 7: Invalid job id specified\n")
                .answer(1, "", "scancel: error: Kill job error on job id 8: Job/step already completing or completed\n");
        client.cancel(6);
        client.cancel(7);
        client.cancel(8);
        assertThat(runner.commands).extracting(Command::argv).containsExactly(
                List.of("scancel", "6"), List.of("scancel", "7"), List.of("scancel", "8"));
    }

    @Test
    void cancellingSomeoneElsesJobIsRejected() {
        runner.answer(1, "", "scancel: error: Kill job error on job id 83: Access/permission denied\n");
        assertThatThrownBy(() -> client.cancel(83))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("Access/permission denied");
                });
    }

    @Test
    void nodesAndPartitionsAreOneScontrolCallEach() {
        runner.answer(0, captured("nodes-two.txt"), "").answer(0, captured("partitions-two.txt"), "");
        assertThat(client.nodes()).extracting(NodeInfo::address).containsExactly("10.77.0.11", "10.77.1.12");
        assertThat(client.partitions()).extracting(PartitionInfo::name).containsExactly("debug", "gpu");
        assertThat(runner.commands).extracting(Command::argv).containsExactly(
                List.of("scontrol", "show", "node", "--oneliner"), List.of("scontrol", "show", "partition", "--oneliner"));
    }

    @Test
    void filesAreReadThroughTheRunner() {
        assertThat(client.canReadFiles()).isTrue();
        assertThat(client.readFile("/work/x.out", 3, 10)).hasValueSatisfying(chunk -> assertThat(chunk.offset()).isEqualTo(3));
        assertThat(client.transport()).isEqualTo("scripted");
    }
}
