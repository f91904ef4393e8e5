package io.hpcorchestrator.client.benchmark;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A benchmark as the API shows it.
 *
 * @param runner   {@code local}, or {@code slurm} for a client group run as a SLURM job ({@code job_id})
 * @param steps    the load steps, as labels ({@code rate=10/s}, {@code concurrency=4})
 * @param progress while running: how far; after: the final counts
 * @param links    where its results, CSV and report are
 */
public record BenchmarkView(
        String id,
        String name,
        String runner,
        String status,
        String reason,
        TargetView target,
        String api,
        boolean stream,
        List<String> steps,
        ProgressView progress,
        Long jobId,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Map<String, String> links) {

    /** @param url the base URL requests go to; {@code service_id} when it was resolved from a service */
    public record TargetView(String url, String serviceId, String model) {
    }
}
