package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.cli.CliSlurmClient;
import io.hpcorchestrator.slurm.cli.SshCommandRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SlurmConfiguration {

    /**
     * The transport that reads job output. Only file reads are needed, so {@code rest+ssh} reads over SSH alone; plain
     * {@code rest} cannot read files and fails at start-up, naming the setting. Closed with the context.
     */
    @Bean
    SlurmClient slurmClient(ClusterProperties cluster) {
        return switch (cluster.transport()) {
            case LOCAL -> CliSlurmClient.local(cluster);
            case SSH, REST_SSH -> new CliSlurmClient(new SshCommandRunner(cluster.ssh()));
            case REST -> throw new IllegalStateException("hpc.cluster.transport=rest cannot read job output files; the logs service "
                    + "needs local, ssh or rest+ssh");
        };
    }
}
