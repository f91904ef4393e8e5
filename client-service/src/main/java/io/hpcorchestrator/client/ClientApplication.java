package io.hpcorchestrator.client;

import io.hpcorchestrator.client.clientgroup.BenchmarkCli;
import io.hpcorchestrator.client.load.InferenceClient;
import io.hpcorchestrator.cluster.ClusterProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The client service; or, with {@code --run-benchmark <plan.json>}, one benchmark run from the command line without
 * Spring, as a client group's SLURM job runs it ({@link BenchmarkCli}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackageClasses = {ClientApplication.class, ClusterProperties.class})
public class ClientApplication {

    public static void main(String[] args) {
        InferenceClient.prepareCommonPool();
        if (BenchmarkCli.wants(args)) {
            System.exit(BenchmarkCli.run(args));
        }
        SpringApplication.run(ClientApplication.class, args);
    }
}
