package io.hpcorchestrator.client.benchmark;

/**
 * Cancels a benchmark however it runs: locally through {@link BenchmarkService}, as a SLURM job through the client
 * groups, which register themselves here so the benchmark feature does not depend on them.
 */
public interface BenchmarkCancellation {

    BenchmarkView cancel(String id);
}
