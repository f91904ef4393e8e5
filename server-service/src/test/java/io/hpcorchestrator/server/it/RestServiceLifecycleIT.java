package io.hpcorchestrator.server.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The server talking to slurmrestd with a JWT; REST has no access to job output files. */
class RestServiceLifecycleIT extends ServiceLifecycleContract {

    @DynamicPropertySource
    static void transport(DynamicPropertyRegistry registry) {
        registry.add("hpc.cluster.transport", () -> "rest");
        registry.add("hpc.cluster.rest.url", () -> CLUSTER.get("SLURM_REST_URL"));
        registry.add("hpc.cluster.rest.api-version", () -> CLUSTER.get("SLURM_REST_API_VERSION"));
        registry.add("hpc.cluster.rest.user", () -> CLUSTER.get("SLURM_USER_NAME"));
        registry.add("hpc.cluster.rest.token-file", () -> CLUSTER.get("SLURM_JWT_FILE"));
    }

    @Override
    protected boolean readsLogs() {
        return false;
    }
}
