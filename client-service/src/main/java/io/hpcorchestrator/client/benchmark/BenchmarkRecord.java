package io.hpcorchestrator.client.benchmark;

import java.time.Instant;

/**
 * A benchmark as stored.
 *
 * @param runner          {@code local} (this service sends) or {@code slurm} (a client group: a SLURM job sends)
 * @param plan            the {@link io.hpcorchestrator.client.load.LoadPlan} as JSON
 * @param request         the request as received, as JSON
 * @param requestsTotal   requests the plan sends at most (warm-up excluded), null when a duration decides
 * @param jobId           the SLURM job of a client group
 * @param resultPath      where the job writes its records, on the cluster
 * @param cancelRequested DELETE was asked for a SLURM job that has not ended yet
 * @param results         the results JSON once the benchmark has ended
 * @param owner           the user who created it; null for benchmarks stored before tokens existed
 */
public record BenchmarkRecord(
        String id,
        String name,
        String runner,
        BenchmarkStatus status,
        String reason,
        String plan,
        String request,
        String targetUrl,
        String serviceId,
        String model,
        Long requestsTotal,
        Long jobId,
        String jobName,
        String resultPath,
        boolean cancelRequested,
        String results,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant endedAt,
        String owner) {

    public static final String LOCAL = "local";
    public static final String SLURM = "slurm";

    public boolean isSlurm() {
        return SLURM.equals(runner);
    }
}
