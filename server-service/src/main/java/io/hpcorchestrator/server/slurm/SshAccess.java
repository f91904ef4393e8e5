package io.hpcorchestrator.server.slurm;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.cli.SshCommandRunner;

/**
 * The one SSH session to the login node, shared by the SSH transport and the gateway's tunnels. Opened on
 * first use, so a server that needs neither never checks SSH settings it does not have.
 */
public final class SshAccess implements AutoCloseable {

    private final ClusterProperties.Ssh settings;
    private SshCommandRunner runner;

    SshAccess(ClusterProperties.Ssh settings) {
        this.settings = settings;
    }

    public synchronized SshCommandRunner runner() {
        if (runner == null) {
            runner = new SshCommandRunner(settings);
        }
        return runner;
    }

    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
