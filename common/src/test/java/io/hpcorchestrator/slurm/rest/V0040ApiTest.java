package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.JobSubmission;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** v0.0.40 to v0.0.42 share one shape for everything this transport reads and sends; each is checked. */
class V0040ApiTest {

    private static JobInfo job(String version, long id) {
        return RestApi.forVersion(version).jobs(Captured.json(version, "jobs.json")).stream()
                .filter(j -> j.id() == id).findFirst().orElseThrow();
    }

    /** The capture submitted run, fail and ok jobs per version: 4-6 on v0.0.40, 7-9 on v0.0.41, 10-12 on v0.0.42. */
    private static long first(String version) {
        return switch (version) {
            case "v0.0.40" -> 4;
            case "v0.0.41" -> 7;
            default -> 10;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void readsARunningJobFromStateListsAndNumberObjects(String version) {
        long id = first(version);
        JobInfo job = job(version, id);
        assertThat(job.name()).isEqualTo("capture-run-" + version);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.exitCode()).isNull();
        assertThat(job.nodes()).containsExactly("vm");
        assertThat(job.batchHost()).isEqualTo("vm");
        assertThat(job.comment()).isEqualTo("phase=test");
        assertThat(job.partition()).isEqualTo("debug");
        assertThat(job.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster-24/work/capture-" + id + "-capture-run-" + version + ".out");
        assertThat(job.startTime()).isAfter(Instant.ofEpochSecond(1_700_000_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void readsTheReturnCodeOfAFailedJobAndTheSignalOfAKilledOne(String version) {
        JobInfo failed = job(version, first(version) + 1);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.signal()).isNull();
        assertThat(failed.reason()).isEqualTo("NonZeroExitCode");
        assertThat(job(version, first(version) + 2).state()).isEqualTo(JobState.COMPLETED);

        // Jobs 1-3 could not open their output file; slurmstepd ended them with signal 53.
        JobInfo signalled = job(version, 1);
        assertThat(signalled.state()).isEqualTo(JobState.FAILED);
        assertThat(signalled.signal()).isEqualTo(53);
        assertThat(signalled.exitCode()).as("return_code is unset").isNull();
        assertThat(signalled.stdoutPath()).isEqualTo("/var/lib/hpc-dev-cluster-24/work/slurm-1.out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void readsNodesAndNestedPartitions(String version) {
        RestApi api = RestApi.forVersion(version);
        assertThat(api.nodes(Captured.json(version, "nodes.json"))).singleElement().satisfies(node -> {
            assertThat(node.name()).isEqualTo("vm");
            assertThat(node.address()).isEqualTo("127.0.0.1");
            assertThat(node.states()).containsExactly("ALLOCATED");
            assertThat(node.cpus()).isEqualTo(2);
            assertThat(node.realMemoryMb()).isEqualTo(6026);
            assertThat(node.allocatedMemoryMb()).isEqualTo(192);
            assertThat(node.partitions()).containsExactly("debug");
        });
        assertThat(api.partitions(Captured.json(version, "partitions.json"), "debug")).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("debug");
            assertThat(p.state()).isEqualTo("UP");
            assertThat(p.nodes()).containsExactly("vm");
            assertThat(p.totalCpus()).isEqualTo(2);
            assertThat(p.maxTimeMinutes()).as("infinite").isNull();
            assertThat(p.isDefault()).as("the configured default").isTrue();
        });
        assertThat(api.partitions(Captured.json(version, "partitions.json"), null))
                .singleElement().satisfies(p -> assertThat(p.isDefault()).as("these versions do not say").isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void writesEnvironmentAsKeyValueListAndNumbersAsObjects(String version) {
        String script = "#!/bin/bash\n#SBATCH --nodes=2\n#SBATCH --time=1-00:00:00\n#SBATCH --mem=64M\n#SBATCH --exclusive\n"
                + "#SBATCH --mail-type=END\n#SBATCH --gres=gpu:a100:1\n#SBATCH --partition=gpu\nsrun true\n";
        JobRequest request = SbatchDirectives.toRequest(new JobSubmission(script, "n", "/w", Map.of("SECRET", "a=b")),
                Map.of("PATH", "/bin"));
        JsonNode body = Json.MAPPER.valueToTree(RestApi.forVersion(version).submitBody(request));
        JsonNode job = body.get("job");
        assertThat(body.get("script").asString()).isEqualTo(script);
        assertThat(job.get("environment").toString()).isEqualTo("[\"PATH=/bin\",\"SECRET=a=b\"]");
        assertThat(job.get("minimum_nodes").asInt()).isEqualTo(2);
        assertThat(job.get("maximum_nodes").asInt()).isEqualTo(2);
        assertThat(job.get("time_limit").toString()).isEqualTo("{\"set\":true,\"infinite\":false,\"number\":1440}");
        assertThat(job.get("memory_per_node").get("number").asLong()).isEqualTo(64);
        assertThat(job.get("shared").toString()).isEqualTo("[\"none\"]");
        assertThat(job.has("exclusive")).isFalse();
        assertThat(job.get("mail_type").toString()).isEqualTo("[\"END\"]");
        assertThat(job.get("tres_per_node").asString()).isEqualTo("gres/gpu:a100:1");
        assertThat(job.get("partition").asString()).isEqualTo("gpu");
        assertThat(job.get("name").asString()).isEqualTo("n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void readsTheJobIdOfASubmission(String version) {
        assertThat(RestApi.forVersion(version).submittedJobId(Captured.json(version, "submit.json"))).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void anUnlimitedTimeIsTheInfiniteNumber(String version) {
        JobRequest request = SbatchDirectives.toRequest(
                new JobSubmission("#!/bin/bash\n#SBATCH --time=UNLIMITED\ntrue\n", "n", "/w", Map.of()), Map.of());
        JsonNode job = Json.MAPPER.valueToTree(RestApi.forVersion(version).submitBody(request)).get("job");
        assertThat(job.get("time_limit").get("infinite").asBoolean()).isTrue();
    }
}
