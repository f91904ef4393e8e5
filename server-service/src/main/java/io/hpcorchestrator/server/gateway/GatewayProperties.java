package io.hpcorchestrator.server.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.gateway.*}.
 *
 * @param access         how the server reaches services: {@code direct} (it can reach compute nodes) or
 *                       {@code ssh-tunnel} (through local port forwards via the login node, e.g. from a laptop)
 * @param connectTimeout connecting to a service
 * @param requestTimeout the longest wait for a service's answer to start, and then for each next part of it
 *                       (a non-streaming answer starts only when its whole generation is done, which can take minutes)
 * @param modelsTtl      how long a service's model list is trusted before it is asked again
 * @param refresh        how often the set of running inference services is re-read
 */
@ConfigurationProperties("hpc.gateway")
public record GatewayProperties(
        @DefaultValue("direct") Access access,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10m") Duration requestTimeout,
        @DefaultValue("30s") Duration modelsTtl,
        @DefaultValue("1s") Duration refresh) {

    public enum Access {
        DIRECT,
        SSH_TUNNEL
    }
}
