package io.hpcorchestrator.server.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hpc.service-metrics.*}.
 *
 * @param timeout        a whole request for a service's metrics; past it the last good answer is served, marked stale.
 *                       Keep it below Prometheus' scrape timeout (10 s by default)
 * @param maxSize        the largest metrics answer taken from a service (vLLM's is about 100 KB)
 * @param targetsAddress {@code host:port} Prometheus reaches the server at, for the targets' {@code __address__};
 *                       unset, the {@code Host} the discovery request came with, which is how that Prometheus
 *                       reached the server
 */
@ConfigurationProperties("hpc.service-metrics")
public record ServiceMetricsProperties(
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("8MB") DataSize maxSize,
        String targetsAddress) {
}
