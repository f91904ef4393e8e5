package io.hpcorchestrator.recipe;

/**
 * Where a service's own Prometheus metrics are, and whether the job exports its GPUs' readings beside them.
 *
 * @param path               metrics path on the service's first port (vLLM: {@code /metrics}); null when none
 * @param gpu                run a sidecar in the job that records {@code nvidia-smi} readings as Prometheus text
 * @param gpuIntervalSeconds how often the sidecar reads {@code nvidia-smi}
 */
public record Metrics(String path, Boolean gpu, Integer gpuIntervalSeconds) {

    public Metrics {
        gpu = gpu != null && gpu;
        gpuIntervalSeconds = gpuIntervalSeconds == null ? 15 : gpuIntervalSeconds;
    }
}
