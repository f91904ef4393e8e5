package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One slurmrestd API version: how our requests look in it and how its answers map to the port's types. The
 * paths are the same in every supported version ({@code job/submit}, {@code jobs}, {@code job/{id}},
 * {@code nodes}, {@code partitions}); the bodies differ, and each adapter lists how.
 */
interface RestApi {

    Map<String, Supplier<RestApi>> VERSIONS = Map.of(
            "v0.0.38", V0038Api::new,
            "v0.0.40", V0040Api::new,
            "v0.0.41", V0041Api::new,
            "v0.0.42", V0042Api::new);

    /** The version in every path, e.g. {@code v0.0.40}. */
    String version();

    /**
     * The {@code job/submit} body.
     *
     * @throws IllegalArgumentException when the request asks for something this version cannot express
     */
    Object submitBody(JobRequest request);

    List<JobInfo> jobs(JsonNode response);

    List<NodeInfo> nodes(JsonNode response);

    /** @param defaultPartition the configured default, for versions that do not report SLURM's own */
    List<PartitionInfo> partitions(JsonNode response, String defaultPartition);

    /** Every version answers a submission with a top-level {@code job_id}. */
    default long submittedJobId(JsonNode response) {
        JsonNode id = response.get("job_id");
        if (id == null || !id.canConvertToLong()) {
            throw new IllegalStateException("slurmrestd accepted the job but sent no job_id");
        }
        return id.asLong();
    }

    static RestApi forVersion(String version) {
        Supplier<RestApi> api = VERSIONS.get(version == null ? "" : version.strip());
        if (api == null) {
            throw new IllegalArgumentException("hpc.cluster.rest.api-version '" + version + "' is not supported; use one of "
                    + VERSIONS.keySet().stream().sorted().collect(Collectors.joining(", "))
                    + " (v0.0.38 is Slurm 22.05; v0.0.40 to v0.0.42 are served by Slurm 23.11 to 24.11)");
        }
        return api.get();
    }
}
