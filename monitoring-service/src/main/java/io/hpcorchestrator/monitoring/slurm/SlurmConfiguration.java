package io.hpcorchestrator.monitoring.slurm;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.FailoverSlurmClient;
import io.hpcorchestrator.slurm.MeteredSlurmClient;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.cli.CliSlurmClient;
import io.hpcorchestrator.slurm.rest.RestSlurmClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SlurmConfiguration {

    /** How long {@code rest+ssh} stays on SSH after slurmrestd failed, before trying it again (as the server does). */
    private static final Duration REST_RETRY_AFTER = Duration.ofSeconds(30);

    /** Monitoring only reads (nodes, partitions, queue), which every transport can. Closed with the context. */
    @Bean
    SlurmClient slurmClient(ClusterProperties cluster, Clock clock, MeterRegistry meters) {
        SlurmClient transport = switch (cluster.transport()) {
            case LOCAL -> CliSlurmClient.local(cluster);
            case SSH -> CliSlurmClient.ssh(cluster);
            case REST -> RestSlurmClient.create(cluster);
            case REST_SSH -> new FailoverSlurmClient(RestSlurmClient.create(cluster), CliSlurmClient.ssh(cluster), clock, REST_RETRY_AFTER,
                    failure -> meters.counter("hpc.slurm.failovers", "from", "rest", "to", "ssh").increment());
        };
        return new MeteredSlurmClient(transport, meters);
    }
}
