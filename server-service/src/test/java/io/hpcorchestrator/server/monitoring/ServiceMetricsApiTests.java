package io.hpcorchestrator.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.server.service.ServiceState;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Targets and service metrics through the server, against a stand-in service on this machine: what Prometheus gets
 * when the service answers, when it hangs, and what the GPU sidecar wrote beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
@TestPropertySource(properties = {"hpc.reconciler.enabled=false", "hpc.service-metrics.timeout=400ms"})
class ServiceMetricsApiTests {

    private static final String OWN_METRICS = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="sim/tiny"} 2.0
            """;

    @LocalServerPort
    int port;
    @Autowired
    ServiceRepository repository;
    @TempDir
    Path workDir;

    private HttpServer service;
    private final AtomicReference<String> answer = new AtomicReference<>(OWN_METRICS);
    private volatile boolean hanging;

    @BeforeEach
    void startService() throws IOException {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        service.createContext("/metrics", exchange -> {
            if (hanging) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop(0);
    }

    /** As monitoring-service reads the targets: with the suite's service token. */
    private RestClient client() {
        return client(TestTokens.SERVICE);
    }

    private RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeader("Authorization", TestTokens.bearer(token))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    private ServiceRecord stored(ServiceState status, String metricsPath, String script) {
        return stored(status, metricsPath, script, null);
    }

    private ServiceRecord stored(ServiceState status, String metricsPath, String script, String owner) {
        String id = "svc-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long jobId = 7_000_000L + (long) (Math.random() * 1_000_000);
        Instant now = Instant.now();
        ServiceRecord record = new ServiceRecord(id, "inference/vllm-simulator", "vllm-simulator-" + id.substring(4), jobId, status, null,
                "{}", script, workDir + "/o", workDir + "/e", workDir.toString(), "/health", null, "vm", "127.0.0.1",
                service.getAddress().getPort(), null, false, null, null, now, now, now, now, now, null, 0, metricsPath, owner);
        repository.insert(record);
        return repository.findById(id).orElseThrow();
    }

    /** As Prometheus scrapes them: with the scrape token. */
    private ResponseEntity<String> metrics(String id) {
        return metrics(id, TestTokens.SCRAPE);
    }

    private ResponseEntity<String> metrics(String id, String token) {
        return client(token).get().uri("/api/v1/services/{id}/metrics", id).retrieve().toEntity(String.class);
    }

    private java.util.List<String> targetIds(String token) {
        return JsonMapper.shared().readTree(client(token).get().uri("/api/v1/services/targets").retrieve().body(String.class))
                .findValuesAsString("service_id");
    }

    @Test
    void aUserReadsTheMetricsAndTargetsOfTheirOwnServicesOnly() {
        ServiceRecord alices = stored(ServiceState.RUNNING, "/metrics", "#!/bin/bash\n", "alice");
        assertThat(metrics(alices.id(), TestTokens.ALICE).getStatusCode().value()).isEqualTo(200);
        assertThat(metrics(alices.id(), TestTokens.BOB).getStatusCode().value()).isEqualTo(404);
        assertThat(metrics(alices.id(), TestTokens.ADMIN).getStatusCode().value()).isEqualTo(200);
        assertThat(targetIds(TestTokens.ALICE)).contains(alices.id());
        assertThat(targetIds(TestTokens.BOB)).doesNotContain(alices.id());
        assertThat(targetIds(TestTokens.SERVICE)).contains(alices.id());
    }

    @Test
    void theScrapeTokenReadsMetricsButNotTheTargetsOrAnythingElse() {
        ServiceRecord alices = stored(ServiceState.RUNNING, "/metrics", "#!/bin/bash\n", "alice");
        assertThat(metrics(alices.id(), TestTokens.SCRAPE).getStatusCode().value()).isEqualTo(200);
        assertThat(client(TestTokens.SCRAPE).get().uri("/api/v1/services/targets").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(403);
        assertThat(client(TestTokens.SCRAPE).get().uri("/api/v1/services/{id}", alices.id()).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void runningServicesWithAMetricsPathAreTargetsThatPointAtTheServer() {
        ServiceRecord running = stored(ServiceState.RUNNING, "/metrics", "#!/bin/bash\n");
        ServiceRecord withoutMetrics = stored(ServiceState.RUNNING, null, "#!/bin/bash\n");
        ServiceRecord pending = stored(ServiceState.PENDING, "/metrics", "#!/bin/bash\n");

        JsonNode targets = JsonMapper.shared().readTree(client().get().uri("/api/v1/services/targets").retrieve().body(String.class));
        assertThat(targets.findValuesAsString("service_id")).contains(running.id())
                .doesNotContain(withoutMetrics.id(), pending.id());
        JsonNode group = targets.valueStream().filter(g -> g.at("/labels/service_id").asString().equals(running.id())).findFirst().orElseThrow();
        assertThat(group.get("targets").get(0).asString()).isEqualTo("127.0.0.1:" + port);
        assertThat(group.at("/labels/__metrics_path__").asString()).isEqualTo("/api/v1/services/" + running.id() + "/metrics");
        assertThat(group.at("/labels/instance").asString()).isEqualTo(running.id());
        assertThat(group.at("/labels/recipe").asString()).isEqualTo("inference/vllm-simulator");
        assertThat(group.at("/labels/category").asString()).isEqualTo("inference");
        assertThat(group.at("/labels/node").asString()).isEqualTo("vm");
        assertThat(group.at("/labels/slurm_job_id").asString()).isEqualTo(Long.toString(running.jobId()));
    }

    @Test
    void aServicesMetricsArriveLabelledAndFreshThenStaleWithTheLastGoodOnesWhenItHangs() {
        ServiceRecord running = stored(ServiceState.RUNNING, "/metrics", "#!/bin/bash\n");
        String labels = "service_id=\"" + running.id() + "\",recipe=\"inference/vllm-simulator\",category=\"inference\",node=\"vm\","
                + "slurm_job_id=\"" + running.jobId() + "\"";

        ResponseEntity<String> fresh = metrics(running.id());
        assertThat(fresh.getStatusCode().value()).isEqualTo(200);
        assertThat(fresh.getHeaders().getContentType()).hasToString("text/plain;version=0.0.4;charset=utf-8");
        assertThat(fresh.getBody())
                .contains("# TYPE vllm:num_requests_running gauge\n")
                .contains("vllm:num_requests_running{model_name=\"sim/tiny\"," + labels + "} 2.0\n")
                .contains("hpc_service_metrics_stale{" + labels + "} 0\n");
        assertThat(metrics(Long.toString(running.jobId())).getBody()).as("by job id").contains("hpc_service_metrics_stale{" + labels + "} 0\n");

        hanging = true;
        answer.set("vllm:num_requests_running{model_name=\"sim/tiny\"} 9.0\n");
        long started = System.nanoTime();
        ResponseEntity<String> stale = metrics(running.id());
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the stale answer").isLessThan(1500);
        assertThat(stale.getStatusCode().value()).isEqualTo(200);
        assertThat(stale.getBody())
                .contains("vllm:num_requests_running{model_name=\"sim/tiny\"," + labels + "} 2.0\n")
                .contains("hpc_service_metrics_stale{" + labels + "} 1\n")
                .contains("hpc_service_metrics_age_seconds{" + labels + "}");

        hanging = false;
        assertThat(metrics(running.id()).getBody()).contains("} 9.0\n").contains("hpc_service_metrics_stale{" + labels + "} 0\n");
    }

    @Test
    void aServiceThatNeverAnsweredIsStaleWithoutSamples() {
        ServiceRecord starting = stored(ServiceState.STARTING, "/metrics", "#!/bin/bash\n");
        String body = metrics(starting.id()).getBody();
        assertThat(body).doesNotContain("vllm:").contains("hpc_service_metrics_stale{service_id=\"" + starting.id() + "\"");
        assertThat(body).contains("} 1\n");
    }

    @Test
    void gpuSidecarReadingsAreMergedWithTheServicesOwnMetrics() throws IOException {
        ServiceRecord running = stored(ServiceState.RUNNING, "/metrics",
                "#!/bin/bash\nhpc_gpu_metrics() {\n  local file=\"hpc-job-${SLURM_JOB_ID}.gpu.prom\"\n}\n");
        Files.writeString(workDir.resolve("hpc-job-" + running.jobId() + ".gpu.prom"), """
                # HELP hpc_gpu_utilization_ratio GPU utilisation from nvidia-smi, 0 to 1
                # TYPE hpc_gpu_utilization_ratio gauge
                hpc_gpu_utilization_ratio{gpu="0",uuid="GPU-aaaa-1111"} 0.87
                """);
        assertThat(metrics(running.id()).getBody())
                .contains("vllm:num_requests_running{model_name=\"sim/tiny\",service_id=\"" + running.id() + "\"")
                .contains("hpc_gpu_utilization_ratio{gpu=\"0\",uuid=\"GPU-aaaa-1111\",service_id=\"" + running.id() + "\"")
                .contains("} 0.87\n");
    }

    @Test
    void aServiceWithoutMetricsOrAnUnknownOneIsNotFound() {
        ServiceRecord plain = stored(ServiceState.RUNNING, null, "#!/bin/bash\n");
        ResponseEntity<String> none = metrics(plain.id());
        assertThat(none.getStatusCode().value()).isEqualTo(404);
        assertThat(none.getBody()).contains("has no metrics path");
        assertThat(metrics("svc-ffffffffffff").getStatusCode().value()).isEqualTo(404);
        assertThat(metrics("..%2F..%2Fetc", TestTokens.ALICE).getStatusCode().value()).isEqualTo(404);
        assertThat(metrics("..%2F..%2Fetc", TestTokens.SCRAPE).getStatusCode().value()).as("not a plain id: outside the scrape paths").isEqualTo(403);
    }

    @Test
    void theMetricsPathIsStoredWithTheService() {
        assertThat(repository.findById(stored(ServiceState.PENDING, "/metrics", "#!/bin/bash\n").id()).orElseThrow().metricsPath())
                .isEqualTo("/metrics");
        assertThat(repository.findById(stored(ServiceState.PENDING, null, "#!/bin/bash\n").id()).orElseThrow().metricsPath()).isNull();
    }
}
