package io.hpcorchestrator.monitoring.cluster;

import io.hpcorchestrator.monitoring.GaugeFamily;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster gauges, rewritten from each sample. Scrapes only read the numbers the last sample left; they never
 * reach SLURM.
 */
final class ClusterMetrics {

    private final GaugeFamily nodes;
    private final GaugeFamily nodeState;
    private final GaugeFamily cpus;
    private final GaugeFamily cpusAllocated;
    private final GaugeFamily gpus;
    private final GaugeFamily gpusAllocated;
    private final GaugeFamily jobs;
    private final GaugeFamily pending;
    private final GaugeFamily queueWait;

    ClusterMetrics(MeterRegistry meters) {
        nodes = GaugeFamily.register(meters, "hpc.cluster.nodes",
                "Nodes by state (idle, mixed, allocated, draining, drained, down, ...) per partition");
        nodeState = GaugeFamily.register(meters, "hpc.cluster.node.state", "1 for each node's current state");
        cpus = GaugeFamily.register(meters, "hpc.cluster.cpus", "CPUs of the partition's nodes");
        cpusAllocated = GaugeFamily.register(meters, "hpc.cluster.cpus.allocated", "CPUs allocated to jobs");
        gpus = GaugeFamily.register(meters, "hpc.cluster.gpus", "GPUs (GRES gpu) of the partition's nodes");
        gpusAllocated = GaugeFamily.register(meters, "hpc.cluster.gpus.allocated", "GPUs allocated to jobs");
        jobs = GaugeFamily.register(meters, "hpc.cluster.jobs", "Jobs SLURM lists, by partition and state");
        pending = GaugeFamily.register(meters, "hpc.cluster.jobs.pending", "Pending jobs by partition and SLURM's reason");
        queueWait = GaugeFamily.register(meters, "hpc.cluster.queue.wait", "seconds",
                "How long pending jobs have waited since submission: median, p90 and max per partition");
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
        Map<Tags, Integer> nodeRows = new LinkedHashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            String state = ClusterSnapshot.stateOf(node);
            nodeRows.put(Tags.of("node", node.name(), "state", state), 1);
            for (String partition : snapshot.partitionsOf(node)) {
                states.computeIfAbsent(partition, p -> new TreeMap<>()).merge(state, 1, Integer::sum);
                int[] totals = resources.computeIfAbsent(partition, p -> new int[4]);
                totals[0] += node.cpus();
                totals[1] += node.allocatedCpus();
                totals[2] += ClusterSnapshot.gpus(node);
                totals[3] += ClusterSnapshot.allocatedGpus(node);
            }
        }
        nodeState.publish(nodeRows);
        Map<Tags, Number> stateRows = new LinkedHashMap<>();
        states.forEach((partition, counts) -> counts.forEach((state, count) ->
                stateRows.put(Tags.of("partition", partition, "state", state), count)));
        nodes.publish(stateRows);
        cpus.publish(perPartition(resources, 0));
        cpusAllocated.publish(perPartition(resources, 1));
        gpus.publish(perPartition(resources, 2));
        gpusAllocated.publish(perPartition(resources, 3));
        publishJobs(snapshot, states.keySet());
    }

    private static Map<Tags, Integer> perPartition(Map<String, int[]> resources, int index) {
        Map<Tags, Integer> rows = new LinkedHashMap<>();
        resources.forEach((partition, totals) -> rows.put(Tags.of("partition", partition), totals[index]));
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
        Map<Tags, Number> stateRows = new LinkedHashMap<>();
        byState.forEach((partition, counts) -> counts.forEach((state, count) ->
                stateRows.put(Tags.of("partition", partition, "state", state), count)));
        jobs.publish(stateRows);
        Map<Tags, Number> reasonRows = new LinkedHashMap<>();
        byReason.forEach((partition, counts) -> counts.forEach((reason, count) ->
                reasonRows.put(Tags.of("partition", partition, "reason", reason), count)));
        pending.publish(reasonRows);
        Map<Tags, Number> waitRows = new LinkedHashMap<>();
        waits.forEach((partition, seconds) -> {
            seconds.sort(null);
            waitRows.put(Tags.of("partition", partition, "stat", "median"), rank(seconds, 0.5));
            waitRows.put(Tags.of("partition", partition, "stat", "p90"), rank(seconds, 0.9));
            waitRows.put(Tags.of("partition", partition, "stat", "max"), rank(seconds, 1.0));
        });
        queueWait.publish(waitRows);
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
