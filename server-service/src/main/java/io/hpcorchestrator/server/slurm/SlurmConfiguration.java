package io.hpcorchestrator.server.slurm;

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

    /** How long {@code rest+ssh} stays on SSH after slurmrestd failed, before trying it again. */
    private static final Duration REST_RETRY_AFTER = Duration.ofSeconds(30);

    @Bean
    SshAccess sshAccess(ClusterProperties cluster) {
        return new SshAccess(cluster.ssh());
    }

    /** Closed with the context (Spring calls {@code close()}). */
    @Bean
    SlurmClient slurmClient(ClusterProperties cluster, SshAccess ssh, Clock clock, MeterRegistry meters) {
        return new MeteredSlurmClient(transport(cluster, ssh, clock, meters), meters);
    }

    private static SlurmClient transport(ClusterProperties cluster, SshAccess ssh, Clock clock, MeterRegistry meters) {
        return switch (cluster.transport()) {
            case LOCAL -> CliSlurmClient.local(cluster);
            case SSH -> new CliSlurmClient(ssh.runner());
            case REST -> RestSlurmClient.create(cluster);
            case REST_SSH -> new FailoverSlurmClient(RestSlurmClient.create(cluster), new CliSlurmClient(ssh.runner()), clock,
                    REST_RETRY_AFTER, failure -> meters.counter("hpc.slurm.failovers", "from", "rest", "to", "ssh").increment());
        };
    }
}
