package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class V0038ApiTest {

    private final V0038Api api = new V0038Api();

    private JobInfo job(long id) {
        return api.jobs(Captured.json("v0.0.38", "jobs.json")).stream().filter(j -> j.id() == id).findFirst().orElseThrow();
    }

    @Test
    void readsARunningJob() {
        JobInfo job = job(101);
        assertThat(job.name()).isEqualTo("capture-run-v0.0.38");
        assertThat(job.user()).isEqualTo("hpcuser");
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.reason()).isNull();
        assertThat(job.exitCode()).as("not ended yet").isNull();
        assertThat(job.partition()).isEqualTo("debug");
        assertThat(job.nodes()).containsExactly("vm");
        assertThat(job.batchHost()).isEqualTo("vm");
        assertThat(job.comment()).isEqualTo("phase=test");
        assertThat(job.workDir()).isEqualTo("/var/lib/hpc-dev-cluster/work");
        assertThat(job.submitTime()).isEqualTo(Instant.ofEpochSecond(1795704506L));
        assertThat(job.startTime()).isEqualTo(Instant.ofEpochSecond(1795704506L));
    }

    @Test
    void expandsTheOutputPatternsThat22_05ReportsAsWrittenAndLetsStderrFollowStdout() {
        JobInfo job = job(101);
        assertThat(job.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster/work/capture-101-capture-run-v0.0.38.out");
        assertThat(job.stderrPath()).isEqualTo(job.stdoutPath());
    }

    @Test
    void takesTheExitCodeOutOfTheRawWaitStatus() {
        JobInfo failed = job(102);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.signal()).isNull();
        assertThat(failed.reason()).isEqualTo("NonZeroExitCode");
        assertThat(failed.endTime()).isNotNull();
        assertThat(job(103).state()).isEqualTo(JobState.COMPLETED);
        assertThat(job(103).exitCode()).isZero();
    }

    @Test
    void readsNodesWithLowerCaseStateAndFlags() {
        List<NodeInfo> nodes = api.nodes(Captured.json("v0.0.38", "nodes.json"));
        assertThat(nodes).singleElement().satisfies(node -> {
            assertThat(node.name()).isEqualTo("vm");
            assertThat(node.address()).isEqualTo("127.0.0.1");
            assertThat(node.hostname()).isEqualTo("vm");
            assertThat(node.states()).containsExactly("ALLOCATED");
            assertThat(node.cpus()).isEqualTo(2);
            assertThat(node.allocatedCpus()).isEqualTo(2);
            assertThat(node.realMemoryMb()).isEqualTo(21695);
            assertThat(node.allocatedMemoryMb()).isEqualTo(320);
            assertThat(node.partitions()).containsExactly("debug");
            assertThat(node.reason()).isNull();
        });
    }

    @Test
    void readsTheDefaultFlagAndAnUnlimitedTimeFromPartitions() {
        assertThat(api.partitions(Captured.json("v0.0.38", "partitions.json"), null)).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("debug");
            assertThat(p.state()).isEqualTo("UP");
            assertThat(p.nodes()).containsExactly("vm");
            assertThat(p.totalCpus()).isEqualTo(2);
            assertThat(p.maxTimeMinutes()).as("-1 is INFINITE").isNull();
            assertThat(p.isDefault()).isTrue();
        });
    }

    @Test
    void readsTheJobIdOfASubmission() {
        assertThat(api.submittedJobId(Captured.json("v0.0.38", "submit.json"))).isEqualTo(103);
    }

    @Test
    void writesTheEnvironmentAsAnObjectAndNodeCountsAsARange() {
        String script = "#!/bin/bash\n#SBATCH --nodes=1-2\n#SBATCH --time=5\n#SBATCH --mem=2G\n#SBATCH --exclusive\n"
                + "#SBATCH --mail-type=END,FAIL\n#SBATCH --gres=gpu:a100:1\nsrun true\n";
        JobRequest request = SbatchDirectives.toRequest(new JobSubmission(script, "n", "/w", Map.of("SECRET", "s")),
                Map.of("PATH", "/bin"));
        JsonNode job = Json.MAPPER.valueToTree(api.submitBody(request)).get("job");
        assertThat(job.get("environment").get("SECRET").asString()).isEqualTo("s");
        assertThat(job.get("environment").get("PATH").asString()).isEqualTo("/bin");
        assertThat(job.get("nodes").toString()).isEqualTo("[1,2]");
        assertThat(job.get("time_limit").asInt()).isEqualTo(5);
        assertThat(job.get("memory_per_node").asLong()).isEqualTo(2048);
        assertThat(job.get("exclusive").asString()).isEqualTo("true");
        assertThat(job.get("mail_type").asString()).isEqualTo("END,FAIL");
        assertThat(job.get("gres").asString()).isEqualTo("gpu:a100:1");
        assertThat(job.get("current_working_directory").asString()).isEqualTo("/w");
        assertThat(job.has("partition")).as("unset fields are left out").isFalse();
    }

    @Test
    void refusesAnUnlimitedTimeItCannotExpress() {
        JobRequest request = SbatchDirectives.toRequest(
                new JobSubmission("#!/bin/bash\n#SBATCH --time=UNLIMITED\ntrue\n", "n", "/w", Map.of()), Map.of());
        assertThatThrownBy(() -> api.submitBody(request)).hasMessageContaining("UNLIMITED");
    }
}
