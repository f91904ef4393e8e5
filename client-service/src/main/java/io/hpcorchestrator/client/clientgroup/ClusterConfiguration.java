package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.cli.CliSlurmClient;
import io.hpcorchestrator.slurm.rest.RestSlurmClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The SLURM transport client groups are submitted, followed, read back and cancelled through. Built on first use,
 * so a client service that never runs a client group needs no cluster settings. {@code rest} cannot read the
 * records file back, so client groups need {@code local} or {@code ssh} ({@code rest+ssh} uses SSH here).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean(destroyMethod = "close")
    @Lazy
    SlurmClient slurmClient(ClusterProperties cluster) {
        return switch (cluster.transport()) {
            case LOCAL -> CliSlurmClient.local(cluster);
            case SSH, REST_SSH -> CliSlurmClient.ssh(cluster);
            case REST -> RestSlurmClient.create(cluster);
        };
    }

    @Bean
    @Lazy
    BatchScriptRenderer batchScriptRenderer(ClusterProperties cluster) {
        return new BatchScriptRenderer(cluster.renderDefaults());
    }
}
