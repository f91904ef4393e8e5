package io.hpcorchestrator.server.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server outside the cluster (a laptop): SLURM over SSH, and services reached only through local port
 * forwards via the login node's SSH session.
 */
class SshTunnelGatewayIT extends GatewayContract {

    @DynamicPropertySource
    static void access(DynamicPropertyRegistry registry) {
        registry.add("hpc.cluster.transport", () -> "ssh");
        registry.add("hpc.cluster.ssh.host", () -> CLUSTER.get("SSH_HOST"));
        registry.add("hpc.cluster.ssh.port", () -> CLUSTER.get("SSH_PORT"));
        registry.add("hpc.cluster.ssh.user", () -> CLUSTER.get("SSH_USER"));
        registry.add("hpc.cluster.ssh.private-key", () -> CLUSTER.get("SSH_KEY"));
        registry.add("hpc.cluster.ssh.known-hosts", () -> CLUSTER.get("SSH_KNOWN_HOSTS"));
        registry.add("hpc.gateway.access", () -> "ssh-tunnel");
    }

    @Override
    protected int expectedTunnels() {
        return 1;
    }
}
