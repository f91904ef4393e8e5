package io.hpcorchestrator.slurm.rest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmClientContract;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract, run over slurmrestd with one API version. The 22.05 cluster serves v0.0.38, the 24.11 one
 * (scripts/dev-cluster-24.sh, a failsafe execution of its own) v0.0.40 to v0.0.42; a test whose version the
 * cluster in {@code HPC_DEV_CLUSTER_ENV} does not serve is skipped, so {@code -Dit.test=RestSlurmClient*}
 * runs each class only where it can.
 */
abstract class RestContractBase extends SlurmClientContract {

    private SlurmClient client;

    protected abstract String apiVersion();

    /** Versions without a default-partition flag need the configured one (see {@link V0040Api}). */
    protected String configuredDefaultPartition() {
        return null;
    }

    @BeforeEach
    void versionServedByThisCluster() {
        String served = cluster.settings().getOrDefault("SLURM_REST_API_VERSIONS", cluster.get("SLURM_REST_API_VERSION"));
        List<String> versions = Arrays.stream(served.split(",")).map(String::strip).toList();
        assumeTrue(versions.contains(apiVersion()), () -> "the cluster serves " + versions + ", not " + apiVersion());
    }

    @Override
    protected synchronized SlurmClient client() {
        if (client == null) {
            ClusterProperties.Rest rest = new ClusterProperties.Rest(URI.create(cluster.get("SLURM_REST_URL")), apiVersion(),
                    cluster.get("SLURM_USER_NAME"), null, Path.of(cluster.get("SLURM_JWT_FILE")), null, Duration.ofHours(1),
                    Duration.ofSeconds(10));
            client = RestSlurmClient.create(new ClusterProperties(ClusterProperties.Transport.REST, rest, null, null, null,
                    new ClusterProperties.Defaults(configuredDefaultPartition(), null, null), List.of()));
        }
        return client;
    }
}
