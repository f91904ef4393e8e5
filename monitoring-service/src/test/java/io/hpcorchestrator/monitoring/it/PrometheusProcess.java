package io.hpcorchestrator.monitoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a free loopback port with its own data directory,
 * discovering its targets over HTTP service discovery, every second so tests need not wait long.
 */
final class PrometheusProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Scrapes every target {@code sdUrl} lists, with the labels the list gives them ({@code honor_labels}), and the
     * suite's own services ({@code host:port}, {@code /actuator/prometheus}).
     */
    static PrometheusProcess start(Path dir, String sdUrl, List<String> suiteServices) {
        assertThat(BINARY).as("Prometheus (apt-get install prometheus; scripts/run-tests.sh does)").isExecutable();
        int port = ServiceProcess.freePort();
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      # 'type: Bearer' spelled out: Prometheus 2.42 sends the bare credentials in service discovery without it.
                      - job_name: hpc-services
                        honor_labels: true
                        authorization:
                          type: Bearer
                          credentials: %1$s
                        http_sd_configs:
                          - url: %2$s
                            refresh_interval: 1s
                            authorization:
                              type: Bearer
                              credentials: %1$s
                      - job_name: hpc-orchestrator
                        metrics_path: /actuator/prometheus
                        authorization:
                          type: Bearer
                          credentials: %1$s
                        static_configs:
                          - targets: [%3$s]
                    """.formatted(TestTokens.SCRAPE, sdUrl, String.join(", ", suiteServices)));
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
            await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .failFast("Prometheus exited", () -> assertThat(process.isAlive()).withFailMessage(prometheus::log).isTrue())
                    .until(() -> prometheus.get("/-/ready").statusCode() == 200);
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /api/v1/targets}' active targets. */
    List<JsonNode> activeTargets() throws IOException, InterruptedException {
        JsonNode answer = JsonMapper.shared().readTree(get("/api/v1/targets?state=active").body());
        return answer.at("/data/activeTargets").valueStream().toList();
    }

    /** An instant query's result vector. */
    List<JsonNode> query(String promql) throws IOException, InterruptedException {
        JsonNode answer = JsonMapper.shared().readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
        assertThat(answer.get("status").asString()).as("query %s: %s", promql, answer).isEqualTo("success");
        return answer.at("/data/result").valueStream().toList();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
