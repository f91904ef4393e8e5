package io.hpcorchestrator.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser against output captured from the local SLURM 22.05 cluster (see {@code slurm/cli/README.md}). */
class ScontrolOutputTest {

    private final ScontrolOutput parser = ScontrolOutput.utc();

    static String captured(String name) {
        try (InputStream in = ScontrolOutputTest.class.getResourceAsStream("/slurm/cli/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JobInfo job(String file) {
        List<JobInfo> jobs = parser.jobs(captured(file));
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    @Test
    void aRunningJobHasItsNodesBatchHostPathsAndStartButNoEndOrExitCode() {
        JobInfo job = job("job-running.txt");
        assertThat(job.id()).isEqualTo(83);
        assertThat(job.name()).isEqualTo("capture-running");
        assertThat(job.user()).isEqualTo("root");
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.reason()).isNull();
        assertThat(job.partition()).isEqualTo("debug");
        assertThat(job.nodes()).containsExactly("vm");
        assertThat(job.batchHost()).isEqualTo("vm");
        assertThat(job.comment()).isNull();
        assertThat(job.workDir()).isEqualTo("/tmp/cap");
        assertThat(job.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture-running-83.out");
        assertThat(job.stderrPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture-running-83.out");
        assertThat(job.submitTime()).isEqualTo(Instant.parse("2026-11-26T14:46:00Z"));
        assertThat(job.startTime()).isEqualTo(Instant.parse("2026-11-26T14:46:00Z"));
        assertThat(job.endTime()).as("the time limit, not an end").isNull();
        assertThat(job.exitCode()).isNull();
        assertThat(job.signal()).isNull();
    }

    @Test
    void aPendingJobHasItsReasonAndNoNodesOrStart() {
        JobInfo job = job("job-pending.txt");
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.reason()).isEqualTo("JobHeldUser");
        assertThat(job.nodes()).isEmpty();
        assertThat(job.batchHost()).isNull();
        assertThat(job.submitTime()).isNotNull();
        assertThat(job.startTime()).isNull();
        assertThat(job.endTime()).isNull();
    }

    @Test
    void aJobCancelledWhilePendingIsCancelledWithoutNodes() {
        JobInfo job = job("job-pending-nodes.txt");
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.reason()).isEqualTo("PartitionConfig");
        assertThat(job.nodes()).isEmpty();
        assertThat(job.exitCode()).isZero();
        assertThat(job.signal()).isNull();
        assertThat(job.stdoutPath()).isEqualTo("/tmp/cap/slurm-98.out");
    }

    @ParameterizedTest(name = "{0}: {1} exit {2} signal {3}")
    @CsvSource(nullValues = "null", textBlock = """
            job-completed.txt, COMPLETED, 0, null, null
            job-failed.txt,    FAILED,    3, null, NonZeroExitCode
            job-cancelled.txt, CANCELLED, 0, 15,   null
            job-timeout.txt,   TIMEOUT,   0, 15,   TimeLimit
            job-signal.txt,    FAILED,    0, 9,    JobLaunchFailure
            """)
    void aFinishedJobHasItsExitCodeSignalReasonAndEnd(String file, JobState state, Integer exitCode, Integer signal, String reason) {
        JobInfo job = job(file);
        assertThat(job.state()).isEqualTo(state);
        assertThat(job.state().isFinished()).isTrue();
        assertThat(job.exitCode()).isEqualTo(exitCode);
        assertThat(job.signal()).isEqualTo(signal);
        assertThat(job.reason()).isEqualTo(reason);
        assertThat(job.startTime()).isNotNull();
        assertThat(job.endTime()).isNotNull().isAfterOrEqualTo(job.startTime());
    }

    @Test
    void aTimedOutJobEndedAfterItsLimit() {
        JobInfo job = job("job-timeout.txt");
        assertThat(job.endTime()).isEqualTo(Instant.parse("2026-11-26T14:47:21Z"));
    }

    @Test
    void valuesWithSpacesAndFakeKeysStayWhole() {
        JobInfo job = job("job-spaced.txt");
        assertThat(job.name()).isEqualTo("capture spaced name");
        assertThat(job.comment()).isEqualTo("phase one Reason=fake JobState=COMPLETED");
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.reason()).isNull();
        assertThat(job.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture spaced name-90.out");
    }

    @Test
    void aCommentCannotPoseAsAKeyThatFollowsIt() {
        String line = captured("job-running.txt").strip()
                .replace("WorkDir=/tmp/cap ", "WorkDir=/tmp/cap Comment=x StdOut=/etc/passwd StdErr=/etc/shadow  ");
        JobInfo job = parser.jobs(line).get(0);
        assertThat(job.comment()).isEqualTo("x StdOut=/etc/passwd StdErr=/etc/shadow");
        assertThat(job.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture-running-83.out");
        assertThat(job.stderrPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture-running-83.out");
    }

    @Test
    void theRenderedScriptsCommentKeepsItsCommasAndEquals() {
        String line = captured("job-running.txt").strip()
                .replace("WorkDir=/tmp/cap ", "WorkDir=/tmp/cap Comment=hpc:phase=STARTING,node=vm,port=26940  ");
        assertThat(parser.jobs(line).get(0).comment()).isEqualTo("hpc:phase=STARTING,node=vm,port=26940");
    }

    @Test
    void aKeyFromANewerSlurmDoesNotLeakIntoItsNeighbour() {
        String line = captured("job-running.txt").strip().replace("Partition=debug ", "Partition=debug SomethingNew=42 ");
        assertThat(parser.jobs(line).get(0).partition()).isEqualTo("debug");
    }

    @Test
    void aJobOnTwoNodesListsBoth() {
        JobInfo job = job("job-two-nodes.txt");
        assertThat(job.nodes()).containsExactly("node1", "node2");
        assertThat(job.batchHost()).isEqualTo("node1");
    }

    @Test
    void theListingOfAllJobsHasOneJobPerLine() {
        List<JobInfo> jobs = parser.jobs(captured("jobs-all.txt"));
        assertThat(jobs).hasSize(23);
        assertThat(jobs).extracting(JobInfo::id).doesNotHaveDuplicates().contains(81L, 88L, 90L);
        assertThat(jobs).filteredOn(job -> job.id() == 81).singleElement()
                .satisfies(job -> assertThat(job.comment()).isEqualTo("hpc:phase=STARTING,node=vm,port=26940"));
        assertThat(jobs).filteredOn(job -> job.id() == 91).singleElement()
                .satisfies(job -> assertThat(job.user()).isEqualTo("hpcuser"));
    }

    @Test
    void noJobsIsAnEmptyList() {
        assertThat(parser.jobs("No jobs in the system\n")).isEmpty();
        assertThat(parser.jobs("")).isEmpty();
    }

    @Test
    void aValueWithALineBreakStaysInItsRecord() {
        String text = captured("job-running.txt").strip().replace("WorkDir=/tmp/cap ", "WorkDir=/tmp/cap Comment=first\nsecond  ")
                + "\n" + captured("job-failed.txt");
        List<JobInfo> jobs = parser.jobs(text);
        assertThat(jobs).extracting(JobInfo::id).containsExactly(83L, 86L);
        assertThat(jobs.get(0).comment()).isEqualTo("first\nsecond");
    }

    @Test
    void timesAreReadInTheZoneTheCommandsRanWith() {
        ScontrolOutput luxembourg = new ScontrolOutput(ZoneId.of("Europe/Luxembourg"));
        assertThat(luxembourg.jobs(captured("job-running.txt")).get(0).submitTime()).isEqualTo(Instant.parse("2026-11-26T13:46:00Z"));
        assertThat(parser.time("Unknown")).isNull();
        assertThat(parser.time("None")).isNull();
        assertThat(parser.time("N/A")).isNull();
        assertThatThrownBy(() -> parser.time("14:46:00")).hasMessageContaining("SLURM_TIME_FORMAT");
    }

    @Test
    void aNodeHasItsAddressStatesResourcesAndPartitions() {
        List<NodeInfo> nodes = parser.nodes(captured("nodes-one.txt"));
        assertThat(nodes).singleElement().satisfies(node -> {
            assertThat(node.name()).isEqualTo("vm");
            assertThat(node.address()).isEqualTo("127.0.0.1");
            assertThat(node.hostname()).isEqualTo("vm");
            assertThat(node.states()).containsExactly("ALLOCATED");
            assertThat(node.cpus()).isEqualTo(2);
            assertThat(node.allocatedCpus()).isEqualTo(2);
            assertThat(node.realMemoryMb()).isEqualTo(21695);
            assertThat(node.allocatedMemoryMb()).isEqualTo(384);
            assertThat(node.gres()).isEmpty();
            assertThat(node.gresUsed()).isEmpty();
            assertThat(node.partitions()).containsExactly("debug");
            assertThat(node.reason()).isNull();
        });
    }

    @Test
    void twoNodesWithGpusADrainAndAReasonWithSpaces() {
        List<NodeInfo> nodes = parser.nodes(captured("nodes-two.txt"));
        assertThat(nodes).extracting(NodeInfo::name).containsExactly("node1", "node2");
        assertThat(nodes).extracting(NodeInfo::address).containsExactly("10.77.0.11", "10.77.1.12");
        assertThat(nodes.get(0).gres()).isEqualTo("gpu:a100:4");
        assertThat(nodes.get(0).gresUsed()).isEqualTo("gpu:a100:1(IDX:0)");
        assertThat(nodes.get(1).states()).containsExactly("IDLE", "DRAIN");
        assertThat(nodes.get(1).allocatedCpus()).isZero();
        assertThat(nodes.get(1).reason()).isEqualTo("disk check: replace /scratch Partitions=x [root@2026-11-26T14:50:02]");
        assertThat(nodes.get(1).partitions()).containsExactly("debug");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            IDLE                        | IDLE
            MIXED+DRAIN                 | MIXED,DRAIN
            DOWN*                       | DOWN,NOT_RESPONDING
            idle+cloud+powered_down     | IDLE,CLOUD,POWERED_DOWN
            DOWN+DRAIN+NOT_RESPONDING   | DOWN,DRAIN,NOT_RESPONDING
            """)
    void nodeStatesSplitIntoTheBaseStateAndItsFlags(String state, String expected) {
        assertThat(ScontrolOutput.states(state)).containsExactly(expected.split(","));
    }

    @Test
    void aPartitionHasItsNodesCpusLimitAndDefault() {
        assertThat(parser.partitions(captured("partitions-one.txt"))).singleElement().satisfies(partition -> {
            assertThat(partition.name()).isEqualTo("debug");
            assertThat(partition.state()).isEqualTo("UP");
            assertThat(partition.nodes()).containsExactly("vm");
            assertThat(partition.totalCpus()).isEqualTo(2);
            assertThat(partition.maxTimeMinutes()).as("UNLIMITED").isNull();
            assertThat(partition.isDefault()).isTrue();
        });
    }

    @Test
    void partitionsExpandTheirHostlistAndReadTheirTimeLimits() {
        List<PartitionInfo> partitions = parser.partitions(captured("partitions-two.txt"));
        assertThat(partitions).extracting(PartitionInfo::name).containsExactly("debug", "gpu");
        assertThat(partitions.get(0).nodes()).containsExactly("node1", "node2");
        assertThat(partitions.get(0).maxTimeMinutes()).isEqualTo(2 * 24 * 60);
        assertThat(partitions.get(1).maxTimeMinutes()).isEqualTo(90);
        assertThat(partitions.get(1).isDefault()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            UNLIMITED,   null
            INFINITE,    null
            NONE,        null
            30,          30
            30:00,       30
            30:01,       31
            01:30:00,    90
            1-00:00:00,  1440
            2-12,        3600
            1-01:01,     1501
            365-00:00:00, 525600
            """)
    void slurmDurationsBecomeMinutes(String text, Integer minutes) {
        assertThat(ScontrolOutput.minutes(text)).isEqualTo(minutes);
    }

    @Test
    void aDurationThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> ScontrolOutput.minutes("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sbatchParsablePrintsTheIdOptionallyWithTheCluster() {
        assertThat(ScontrolOutput.submittedJobId("83\n")).isEqualTo(83);
        assertThat(ScontrolOutput.submittedJobId("1234;meluxina\n")).isEqualTo(1234);
        assertThat(ScontrolOutput.submittedJobId("sbatch: warning: something\n97\n")).isEqualTo(97);
        assertThatThrownBy(() -> ScontrolOutput.submittedJobId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScontrolOutput.submittedJobId("Submitted batch job 5")).isInstanceOf(IllegalArgumentException.class);
    }
}
