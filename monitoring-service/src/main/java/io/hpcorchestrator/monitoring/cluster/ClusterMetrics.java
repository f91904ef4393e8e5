package io.hpcorchestrator.monitoring.cluster;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster gauges, rewritten from each sample. Scrapes only read the numbers the last sample left; they never
 * reach SLURM.
 */
final class ClusterMetrics {

    private final MultiGauge nodes;
    private final MultiGauge nodeState;
    private final MultiGauge cpus;
    private final MultiGauge cpusAllocated;
    private final MultiGauge gpus;
    private final MultiGauge gpusAllocated;
    private final MultiGauge jobs;
    private final MultiGauge pending;
    private final MultiGauge queueWait;

    ClusterMetrics(MeterRegistry meters) {
        nodes = MultiGauge.builder("hpc.cluster.nodes").description("Nodes by state (idle, mixed, allocated, draining, drained, down, ...) per partition")
                .register(meters);
        nodeState = MultiGauge.builder("hpc.cluster.node.state").description("1 for each node's current state").register(meters);
        cpus = MultiGauge.builder("hpc.cluster.cpus").description("CPUs of the partition's nodes").register(meters);
        cpusAllocated = MultiGauge.builder("hpc.cluster.cpus.allocated").description("CPUs allocated to jobs").register(meters);
        gpus = MultiGauge.builder("hpc.cluster.gpus").description("GPUs (GRES gpu) of the partition's nodes").register(meters);
        gpusAllocated = MultiGauge.builder("hpc.cluster.gpus.allocated").description("GPUs allocated to jobs").register(meters);
        jobs = MultiGauge.builder("hpc.cluster.jobs").description("Jobs SLURM lists, by partition and state").register(meters);
        pending = MultiGauge.builder("hpc.cluster.jobs.pending").description("Pending jobs by partition and SLURM's reason").register(meters);
        queueWait = MultiGauge.builder("hpc.cluster.queue.wait").baseUnit("seconds")
                .description("How long pending jobs have waited since submission: median, p90 and max per partition").register(meters);
    }

    void publish(ClusterSnapshot snapshot) {
        Map<String, Map<String, Integer>> states = new TreeMap<>();
        Map<String, int[]> resources = new TreeMap<>();
        for (String partition : snapshot.partitionNames()) {
            Map<String, Integer> counts = new TreeMap<>();
            NodeState.MAIN.forEach(state -> counts.put(state, 0));
            states.put(partition, counts);
            resources.put(partition, new int[4]);
        }
        List<MultiGauge.Row<?>> nodeRows = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            String state = ClusterSnapshot.stateOf(node);
            nodeRows.add(MultiGauge.Row.of(Tags.of("node", node.name(), "state", state), 1));
            for (String partition : snapshot.partitionsOf(node)) {
                states.computeIfAbsent(partition, p -> new TreeMap<>()).merge(state, 1, Integer::sum);
                int[] totals = resources.computeIfAbsent(partition, p -> new int[4]);
                totals[0] += node.cpus();
                totals[1] += node.allocatedCpus();
                totals[2] += ClusterSnapshot.gpus(node);
                totals[3] += ClusterSnapshot.allocatedGpus(node);
            }
        }
        nodeState.register(nodeRows, true);
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        states.forEach((partition, counts) -> counts.forEach((state, count) ->
                stateRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "state", state), count))));
        nodes.register(stateRows, true);
        cpus.register(perPartition(resources, 0), true);
        cpusAllocated.register(perPartition(resources, 1), true);
        gpus.register(perPartition(resources, 2), true);
        gpusAllocated.register(perPartition(resources, 3), true);
        publishJobs(snapshot, states.keySet());
    }

    private static List<MultiGauge.Row<?>> perPartition(Map<String, int[]> resources, int index) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        resources.forEach((partition, totals) -> rows.add(MultiGauge.Row.of(Tags.of("partition", partition), totals[index])));
        return rows;
    }

    private void publishJobs(ClusterSnapshot snapshot, Iterable<String> partitions) {
        Map<String, Map<String, Integer>> byState = new TreeMap<>();
        Map<String, Map<String, Integer>> byReason = new TreeMap<>();
        Map<String, List<Long>> waits = new TreeMap<>();
        for (String partition : partitions) {
            Map<String, Integer> counts = new TreeMap<>();
            counts.put(JobState.PENDING.name(), 0);
            counts.put(JobState.RUNNING.name(), 0);
            byState.put(partition, counts);
            waits.put(partition, new ArrayList<>());
        }
        for (JobInfo job : snapshot.queue()) {
            String partition = job.partition() == null ? "" : job.partition();
            byState.computeIfAbsent(partition, p -> new TreeMap<>()).merge(job.state().name(), 1, Integer::sum);
            if (job.state() == JobState.PENDING) {
                byReason.computeIfAbsent(partition, p -> new TreeMap<>()).merge(job.reason() == null ? "None" : job.reason(), 1, Integer::sum);
                if (job.submitTime() != null) {
                    waits.computeIfAbsent(partition, p -> new ArrayList<>())
                            .add(Math.max(0, Duration.between(job.submitTime(), snapshot.at()).toSeconds()));
                }
            }
        }
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        byState.forEach((partition, counts) -> counts.forEach((state, count) ->
                stateRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "state", state), count))));
        jobs.register(stateRows, true);
        List<MultiGauge.Row<?>> reasonRows = new ArrayList<>();
        byReason.forEach((partition, counts) -> counts.forEach((reason, count) ->
                reasonRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "reason", reason), count))));
        pending.register(reasonRows, true);
        List<MultiGauge.Row<?>> waitRows = new ArrayList<>();
        waits.forEach((partition, seconds) -> {
            seconds.sort(null);
            waitRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "stat", "median"), rank(seconds, 0.5)));
            waitRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "stat", "p90"), rank(seconds, 0.9)));
            waitRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "stat", "max"), rank(seconds, 1.0)));
        });
        queueWait.register(waitRows, true);
    }

    /** Nearest rank; 0 when nothing waits. */
    static long rank(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
