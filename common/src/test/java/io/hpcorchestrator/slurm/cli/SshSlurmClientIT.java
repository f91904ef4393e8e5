package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract over SSH to the local cluster's login node, as its unprivileged user. */
class SshSlurmClientIT extends SlurmClientContract {

    private static CliSlurmClient client;

    @BeforeEach
    void onTheClusterWithALoginNode() {
        CliClusters.assumeCliCluster(cluster);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected SlurmClient client() {
        synchronized (SshSlurmClientIT.class) {
            if (client == null) {
                client = new CliSlurmClient(new SshCommandRunner(CliClusters.ssh(cluster)));
            }
            return client;
        }
    }
}
