package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.slurm.SshAccess;
import io.hpcorchestrator.slurm.cli.PortForward;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Where to send a request for a service: its endpoint itself, or a local port forwarded to it through the
 * login node's SSH session. Tunnels are opened on first use, reused, reopened when the session dropped, and
 * closed once their service no longer runs.
 */
@Component
public class ServiceAccess implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ServiceAccess.class);

    private final GatewayProperties properties;
    private final SshAccess ssh;
    private final Map<String, PortForward> tunnels = new ConcurrentHashMap<>();

    ServiceAccess(GatewayProperties properties, SshAccess ssh, io.micrometer.core.instrument.MeterRegistry meters) {
        this.properties = properties;
        this.ssh = ssh;
        io.micrometer.core.instrument.Gauge.builder("hpc.gateway.tunnels", tunnels, Map::size)
                .description("SSH tunnels open to running services").register(meters);
    }

    /** The base URI ({@code http://host:port}) to reach a service with an endpoint. */
    public URI baseUri(ServiceRecord service) {
        if (properties.access() == GatewayProperties.Access.DIRECT) {
            return URI.create(service.endpoint().orElseThrow());
        }
        String key = key(service);
        PortForward tunnel = tunnels.compute(key, (ignored, existing) -> {
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            PortForward opened = ssh.runner().forward(service.address(), service.port());
            log.info("tunnel 127.0.0.1:{} -> {} for service {}", opened.localPort(), key, service.id());
            return opened;
        });
        return URI.create("http://127.0.0.1:" + tunnel.localPort());
    }

    /** Closes tunnels to endpoints not in {@code running}. */
    void retainOnly(Set<String> runningKeys) {
        tunnels.entrySet().removeIf(entry -> {
            if (runningKeys.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            log.info("tunnel to {} closed: its service no longer runs", entry.getKey());
            return true;
        });
    }

    static String key(ServiceRecord service) {
        return service.address() + ":" + service.port();
    }

    @Override
    public void destroy() {
        tunnels.values().forEach(PortForward::close);
        tunnels.clear();
    }
}
