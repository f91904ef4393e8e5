package io.hpcorchestrator.slurm;

import java.util.List;

/**
 * A partition.
 *
 * @param nodes           its nodes, expanded from SLURM's hostlist
 * @param maxTimeMinutes  its time limit, null when unlimited
 * @param isDefault       whether jobs without {@code --partition} land here
 */
public record PartitionInfo(String name, String state, List<String> nodes, int totalCpus, Integer maxTimeMinutes, boolean isDefault) {

    public PartitionInfo {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
