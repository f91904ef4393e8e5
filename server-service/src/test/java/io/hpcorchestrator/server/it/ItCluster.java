package io.hpcorchestrator.server.it;

import io.hpcorchestrator.testing.DevCluster;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The server's settings for the dev cluster as the integration tests use it most: its own SLURM commands, bare metal. */
final class ItCluster {

    private ItCluster() {
    }

    /** Local transport, runtime none, the IT recipes, and the cluster's work dir and partition. */
    static void local(DynamicPropertyRegistry registry, DevCluster cluster) {
        registry.add("hpc.cluster.transport", () -> "local");
        registry.add("hpc.recipes.root", () -> ItRecipes.root().toString());
        registry.add("hpc.cluster.runtime", () -> "none");
        registry.add("hpc.cluster.paths.work-dir", () -> cluster.workDir().toString());
        registry.add("hpc.cluster.defaults.partition", cluster::partition);
    }
}
