package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract over the SLURM commands on this machine, as the user running the tests. */
class LocalSlurmClientIT extends SlurmClientContract {

    private static final CliSlurmClient CLIENT = new CliSlurmClient(new LocalCommandRunner(CliSlurmClient.LOCAL_COMMAND_TIMEOUT));

    @BeforeEach
    void onTheClusterWhoseCommandsAreHere() {
        CliClusters.assumeCliCluster(cluster);
    }

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    @Override
    protected SlurmClient client() {
        return CLIENT;
    }
}
