package io.hpcorchestrator.server.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The server outside the cluster: SLURM's commands over SSH to the login node, as the cluster's test user. */
class SshServiceLifecycleIT extends ServiceLifecycleContract {

    @DynamicPropertySource
    static void transport(DynamicPropertyRegistry registry) {
        registry.add("hpc.cluster.transport", () -> "ssh");
        registry.add("hpc.cluster.ssh.host", () -> CLUSTER.get("SSH_HOST"));
        registry.add("hpc.cluster.ssh.port", () -> CLUSTER.get("SSH_PORT"));
        registry.add("hpc.cluster.ssh.user", () -> CLUSTER.get("SSH_USER"));
        registry.add("hpc.cluster.ssh.private-key", () -> CLUSTER.get("SSH_KEY"));
        registry.add("hpc.cluster.ssh.known-hosts", () -> CLUSTER.get("SSH_KNOWN_HOSTS"));
    }

    @Override
    protected boolean readsLogs() {
        return true;
    }
}
