package io.hpcorchestrator.server.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The server on a login node: SLURM's commands run on this machine, as root. */
class LocalServiceLifecycleIT extends ServiceLifecycleContract {

    @DynamicPropertySource
    static void transport(DynamicPropertyRegistry registry) {
        registry.add("hpc.cluster.transport", () -> "local");
    }

    @Override
    protected boolean readsLogs() {
        return true;
    }
}
