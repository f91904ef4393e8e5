package io.hpcorchestrator.server.monitoring;

import io.hpcorchestrator.server.gateway.ServiceAccess;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.SlurmClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A service's own metrics as the server serves them: fetched through the server's access path (the endpoint itself,
 * or an SSH tunnel via the login node), every sample labelled with the service, the job's GPU readings appended,
 * and a marker saying whether they are fresh.
 *
 * <p>When the service does not answer in time, or no longer runs, the last good answer is served again with
 * {@code hpc_service_metrics_stale 1}: a scrape that fails outright would drop every series of the service from
 * Prometheus for that moment, while a stale answer keeps dashboards drawn and says it is stale.
 */
@Component
public class ServiceMetrics {

    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);
    /** What the GPU sidecar of the rendered script writes in the job's working directory (BatchScriptRenderer.gpuMetrics). */
    private static final String GPU_FILE_SUFFIX = ".gpu.prom";
    private static final int GPU_MAX_BYTES = 1 << 20;

    private record Answer(String body, Instant at) {
    }

    private final ServiceAccess access;
    private final SlurmClient slurm;
    private final ServiceMetricsProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final Map<String, Answer> lastGood = new ConcurrentHashMap<>();

    ServiceMetrics(ServiceAccess access, SlurmClient slurm, ServiceMetricsProperties properties, Clock clock, MeterRegistry meters) {
        this.access = access;
        this.slurm = slurm;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The exposition text for {@code service}, which has a metrics path. */
    String render(ServiceRecord service) {
        Map<String, String> labels = ServiceLabels.of(service);
        Optional<String> fresh = service.status() == ServiceState.RUNNING && service.endpoint().isPresent() ? fetch(service) : Optional.empty();
        Instant now = clock.instant();
        Answer answer;
        if (fresh.isPresent()) {
            answer = new Answer(fresh.get(), now);
            lastGood.put(service.id(), answer);
        } else {
            answer = lastGood.get(service.id());
        }
        meters.counter("hpc.service.metrics.answers", "freshness", fresh.isPresent() ? "fresh" : "stale").increment();
        StringBuilder out = new StringBuilder();
        if (answer != null) {
            out.append(PrometheusText.withLabels(answer.body(), labels));
        }
        gpuReadings(service).ifPresent(text -> out.append(PrometheusText.withLabels(text, labels)));
        out.append(PrometheusText.gauge("hpc_service_metrics_stale",
                "1 when the service did not answer and its last good metrics (if any) are served again", labels, fresh.isPresent() ? 0 : 1));
        if (answer != null) {
            out.append(PrometheusText.gauge("hpc_service_metrics_age_seconds", "Age of the service's own metrics in this answer",
                    labels, Duration.between(answer.at(), now).toMillis() / 1000.0));
        }
        return out.toString();
    }

    /** Forgets the last answers of services that are not in {@code running}. */
    void retainOnly(Collection<String> running) {
        lastGood.keySet().retainAll(running);
    }

    private Optional<String> fetch(ServiceRecord service) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            URI uri = access.baseUri(service).resolve(service.metricsPath());
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                    .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    outcome = "http_" + response.statusCode();
                    log.debug("service {} answered HTTP {} for its metrics", service.id(), response.statusCode());
                    return Optional.empty();
                }
                long max = properties.maxSize().toBytes();
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (bytes.length > max) {
                    outcome = "too_large";
                    log.warn("service {} answered more than {} bytes of metrics; hpc.service-metrics.max-size", service.id(), max);
                    return Optional.empty();
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            outcome = "unreachable";
            log.debug("metrics of service {} could not be read: {}", service.id(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "unreachable";
            return Optional.empty();
        } finally {
            sample.stop(Timer.builder("hpc.service.metrics.fetches").description("Requests for services' own metrics")
                    .tag("outcome", outcome).register(meters));
        }
    }

    /**
     * The job's GPU sidecar file, read through the SLURM transport. Only scripts that start the sidecar name the
     * file, so services without it cost no file access; transports without file access ({@code rest}) skip it.
     */
    private Optional<String> gpuReadings(ServiceRecord service) {
        if (service.jobId() == null || service.script() == null || !service.script().contains(GPU_FILE_SUFFIX) || !slurm.canReadFiles()) {
            return Optional.empty();
        }
        String path = service.workDir() + "/hpc-job-" + service.jobId() + GPU_FILE_SUFFIX;
        try {
            return slurm.readFile(path, 0, GPU_MAX_BYTES).map(FileChunk::data).map(data -> new String(data, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.debug("GPU readings of service {} could not be read from {}: {}", service.id(), path, e.getMessage());
            return Optional.empty();
        }
    }
}
