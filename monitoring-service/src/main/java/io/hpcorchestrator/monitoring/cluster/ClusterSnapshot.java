package io.hpcorchestrator.monitoring.cluster;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The cluster as one sample saw it: nodes, partitions and every job SLURM listed, read one after the other. */
public record ClusterSnapshot(Instant at, List<NodeInfo> nodes, List<PartitionInfo> partitions, List<JobInfo> queue) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        partitions = List.copyOf(partitions);
        queue = List.copyOf(queue);
    }

    /** Partition names, SLURM's order first, then any only nodes mention. */
    public List<String> partitionNames() {
        Set<String> names = new LinkedHashSet<>();
        partitions.forEach(partition -> names.add(partition.name()));
        nodes.forEach(node -> names.addAll(node.partitions()));
        return List.copyOf(names);
    }

    /** The partitions a node belongs to, as the node says or else as the partitions list it. */
    public List<String> partitionsOf(NodeInfo node) {
        if (!node.partitions().isEmpty()) {
            return node.partitions();
        }
        List<String> names = new ArrayList<>();
        partitions.stream().filter(partition -> partition.nodes().contains(node.name())).forEach(partition -> names.add(partition.name()));
        return names;
    }

    /** One word for the node's state: idle, mixed, allocated, draining, drained, down, ... */
    public static String stateOf(NodeInfo node) {
        return NodeState.of(node.states());
    }

    public static int gpus(NodeInfo node) {
        return Gres.gpus(node.gres());
    }

    public static int allocatedGpus(NodeInfo node) {
        return Gres.gpus(node.gresUsed());
    }
}
