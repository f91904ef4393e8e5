package io.hpcorchestrator.recipe;

/**
 * What the job asks SLURM for.
 *
 * @param cpu          CPUs per task ({@code --cpus-per-task})
 * @param memory       memory per node with SLURM units ({@code 32G}); exclusive with {@code memoryPerCpu}
 * @param gpu          GPUs per node
 * @param gpuType      GPU type in the gres ({@code gpu:a100:1}); needs {@code gpu}
 * @param cpuBind      {@code srun --cpu-bind} value
 * @param timeLimit    minutes, or any SLURM time format; normalised by {@link TimeLimit}
 */
public record Resources(
        Integer nodes,
        Integer ntasksPerNode,
        Integer cpu,
        String memory,
        String memoryPerCpu,
        Integer gpu,
        String gpuType,
        String cpuBind,
        String timeLimit) {

    static final Resources DEFAULT = new Resources(null, null, null, null, null, null, null, null, null);

    public Resources {
        nodes = nodes == null ? 1 : nodes;
        ntasksPerNode = ntasksPerNode == null ? 1 : ntasksPerNode;
        cpu = cpu == null ? 1 : cpu;
        gpu = gpu == null ? 0 : gpu;
    }
}
