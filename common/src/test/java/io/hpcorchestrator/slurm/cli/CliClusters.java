package io.hpcorchestrator.slurm.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.testing.DevCluster;
import java.nio.file.Path;
import java.time.Duration;

/** The local cluster as the CLI transports reach it. */
final class CliClusters {

    private CliClusters() {
    }

    /**
     * The CLI on this machine and the SSH login node belong to the cluster of {@code dev-cluster.sh}; the
     * Slurm 24.11 cluster (a chroot, selected through {@code HPC_DEV_CLUSTER_ENV}) has neither, so the CLI
     * tests skip there.
     */
    static void assumeCliCluster(DevCluster cluster) {
        assumeTrue(cluster.settings().containsKey("SSH_HOST"),
                "the cluster in HPC_DEV_CLUSTER_ENV offers no login node for the CLI transports");
    }

    static ClusterProperties.Ssh ssh(DevCluster cluster) {
        return ssh(cluster, Path.of(cluster.get("SSH_KEY")), Path.of(cluster.get("SSH_KNOWN_HOSTS")), true);
    }

    static ClusterProperties.Ssh ssh(DevCluster cluster, Path key, Path knownHosts, boolean strictHostKeys) {
        return new ClusterProperties.Ssh(cluster.get("SSH_HOST"), Integer.parseInt(cluster.get("SSH_PORT")),
                cluster.get("SSH_USER"), key, knownHosts, strictHostKeys, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }
}
