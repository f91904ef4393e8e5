package io.hpcorchestrator.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.client.*}: the client service's own settings. The cluster it submits client groups to is
 * {@code hpc.cluster.*}, shared with the other services.
 *
 * @param server           the server's API, where service ids are resolved
 * @param datasetsDir      where {@code dataset.jsonl} files are read from; unset: no files
 * @param maxInFlight      requests one benchmark keeps open at most; an open loop beyond it records {@code client_saturated}
 * @param httpThreads      threads that read answers (none waits on the network); 0: two per core, at least four
 * @param metricsRetention how long a finished benchmark's live meters stay on {@code /actuator/prometheus}
 * @param groups           client groups: benchmarks run as SLURM jobs
 * @param urlTargets       the base URLs a user's benchmark may target by {@code url} (this URL and any path below it;
 *                         {@code *}: any): the client service sends load wherever it is told, so an operator can keep
 *                         users to the gateway and the cluster's nodes; admins may target any URL
 */
@ConfigurationProperties("hpc.client")
public record ClientProperties(
        @DefaultValue Server server,
        Path datasetsDir,
        @DefaultValue("4096") int maxInFlight,
        @DefaultValue("0") int httpThreads,
        @DefaultValue("10m") Duration metricsRetention,
        @DefaultValue Groups groups,
        @DefaultValue("*") List<String> urlTargets) {

    /** Whether a user (not an admin) may send a benchmark to {@code baseUrl}, a URL the plan validator normalised. */
    public boolean allowsUrlTarget(String baseUrl) {
        URI url = URI.create(baseUrl);
        for (String allowed : urlTargets) {
            if (allowed.strip().equals("*") || covers(URI.create(allowed.strip()), url)) {
                return true;
            }
        }
        return false;
    }

    /** Same scheme, host and port (default ports made explicit), and a path at or below the allowed one. */
    private static boolean covers(URI allowed, URI url) {
        if (allowed.getScheme() == null || allowed.getHost() == null || !allowed.getScheme().equalsIgnoreCase(url.getScheme())
                || !allowed.getHost().equalsIgnoreCase(url.getHost()) || port(allowed) != port(url)) {
            return false;
        }
        String base = allowed.getRawPath() == null ? "" : allowed.getRawPath().replaceAll("/+$", "");
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return path.equals(base) || path.startsWith(base + "/");
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * @param url     the server's base URL
     * @param timeout per call
     */
    public record Server(@DefaultValue("http://127.0.0.1:8001") URI url, @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param jar          this service's jar as the cluster's nodes see it; the job runs it in its command-line mode
     * @param java         the {@code java} (17 or newer) on the nodes
     * @param jvmOptions   options for that JVM
     * @param cpus         CPUs the job asks for
     * @param memory       memory the job asks for, SLURM units
     * @param pollInterval how often the jobs of running groups are looked at (one SLURM call for all of them)
     * @param colocate     run the job on the service's own node ({@code --nodelist}), so no network lies between them
     */
    public record Groups(
            @DefaultValue("/opt/hpc-orchestrator/client-service.jar") String jar,
            @DefaultValue("java") String java,
            @DefaultValue({"-Xmx512m", "-XX:+UseParallelGC"}) List<String> jvmOptions,
            @DefaultValue("1") int cpus,
            @DefaultValue("1G") String memory,
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("false") boolean colocate) {
    }
}
