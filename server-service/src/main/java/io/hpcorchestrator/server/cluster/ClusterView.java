package io.hpcorchestrator.server.cluster;

import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.util.List;
import java.util.Map;

/**
 * @param transport how the server reaches SLURM right now ({@code rest}, {@code ssh}, {@code local})
 * @param services  the suite's unfinished services by state
 */
record ClusterView(String transport, List<PartitionInfo> partitions, List<NodeInfo> nodes, Map<String, Long> services) {
}
