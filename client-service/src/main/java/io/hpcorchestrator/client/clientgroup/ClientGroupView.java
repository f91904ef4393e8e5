package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.benchmark.ProgressView;
import java.time.Instant;
import java.util.Map;

/**
 * A client group as the seed's API shows it. It is a benchmark too: {@code benchmark_id} (the same id) leads to its
 * results, CSV and report under {@code /api/v1/benchmarks}.
 *
 * @param status  the benchmark's status: PENDING (the job waits), RUNNING, COMPLETED, FAILED, CANCELLED
 * @param summary the headline figures once results are in, with vLLM's keys
 */
public record ClientGroupView(
        String id,
        String benchmarkId,
        String serviceId,
        Long jobId,
        String jobName,
        String status,
        String reason,
        String targetUrl,
        String model,
        Integer numClients,
        Double requestsPerSecond,
        Double durationSeconds,
        Integer maxTokens,
        Double temperature,
        String timeLimit,
        ProgressView progress,
        Map<String, Object> summary,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Map<String, String> links) {
}
