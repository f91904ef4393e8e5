package io.hpcorchestrator.slurm;

import java.util.List;

/**
 * A node as SLURM describes it.
 *
 * @param name       the node name jobs report ({@code mel2106}, {@code node2})
 * @param address    {@code NodeAddr}: where to connect to services on the node
 * @param hostname   {@code NodeHostname}
 * @param states     base state and flags, upper case ({@code IDLE}, {@code MIXED}, {@code DRAIN})
 * @param gres       generic resources, e.g. {@code gpu:a100:4}; empty when none
 */
public record NodeInfo(
        String name,
        String address,
        String hostname,
        List<String> states,
        int cpus,
        int allocatedCpus,
        long realMemoryMb,
        long allocatedMemoryMb,
        String gres,
        String gresUsed,
        List<String> partitions,
        String reason) {

    public NodeInfo {
        states = states == null ? List.of() : List.copyOf(states);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
