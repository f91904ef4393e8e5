package io.hpcorchestrator.monitoring;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.monitoring.*}; how SLURM is reached is {@code hpc.cluster.*}, shared with the other services.
 *
 * @param cluster    sampling the cluster
 * @param server     reading the server's services and targets
 * @param targets    the scrape targets this service hands to Prometheus
 * @param services   which services get a series of their own
 * @param statusPage the page at {@code /}
 */
@ConfigurationProperties("hpc.monitoring")
public record MonitoringProperties(
        @DefaultValue Cluster cluster,
        @DefaultValue Server server,
        @DefaultValue Targets targets,
        @DefaultValue Services services,
        @DefaultValue StatusPage statusPage) {

    /**
     * @param enabled  whether SLURM is sampled at all
     * @param interval one sample (nodes, partitions and the queue: three SLURM calls) per interval, whatever the
     *                 number of scrapes; match it to Prometheus' scrape interval
     */
    public record Cluster(@DefaultValue("true") boolean enabled, @DefaultValue("15s") Duration interval) {
    }

    /**
     * @param url          the server's base URL
     * @param enabled      whether the server is polled at all
     * @param pollInterval how often its services and targets are read (two requests while it has at most 1,000 services)
     * @param timeout      connecting to it and each request
     */
    public record Server(
            @DefaultValue("http://127.0.0.1:8001") URI url,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") Duration pollInterval,
            @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param serverAddress {@code host:port} Prometheus reaches the server at; unset, the address of {@code server.url}
     */
    public record Targets(String serverAddress) {
    }

    /**
     * @param endedRetention how long an ended service keeps its {@code hpc_service_state} series (and its row on the
     *                       status page), so dashboards show how it ended
     */
    public record Services(@DefaultValue("1h") Duration endedRetention) {
    }

    /** @param refresh how often the status page reloads itself */
    public record StatusPage(@DefaultValue("5s") Duration refresh) {
    }
}
