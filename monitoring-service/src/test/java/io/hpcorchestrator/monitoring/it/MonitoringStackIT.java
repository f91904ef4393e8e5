package io.hpcorchestrator.monitoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring stack end to end on the real local cluster: the packaged server deploys the inference simulator (with
 * a GPU metrics sidecar reading a stand-in {@code nvidia-smi}) as a SLURM job, this monitoring service samples the
 * cluster and lists the service as a target, and a real Prometheus discovers it here and scrapes it through the
 * server. One deployment serves every test: the cluster is shared and small.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.PROPERTY, "HPC_SERVICE_TOKEN=" + TestTokens.SERVICE})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringStackIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String RECIPE = "inference/vllm-simulator-gpu";
    private static final String MODEL = "sim/monitoring";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.shared();

    private static Path dir;
    private static Path simulatorJar;
    private static Path fakeNvidiaSmi;
    private static ServiceProcess server;

    @LocalServerPort
    int port;

    private PrometheusProcess prometheus;
    private String serviceId;
    private JsonNode service;

    /** The server runs before this context starts: the monitoring service is configured with its URL. */
    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws IOException {
        dir = Files.createTempDirectory("monitoring-stack-it");
        Path recipes = recipesRoot(dir.resolve("recipes"));
        simulatorJar = copyIntoWorkDir(Path.of("../inference-simulator/target"), "inference-simulator-[^-]+(-SNAPSHOT)?\\.jar");
        fakeNvidiaSmi = fakeNvidiaSmi();
        server = ServiceProcess.start("server-service", dir.resolve("server"), List.of(
                "--hpc.recipes.root=" + recipes,
                "--hpc.cluster.transport=local",
                "--hpc.cluster.runtime=none",
                "--hpc.cluster.paths.work-dir=" + CLUSTER.workDir(),
                "--hpc.cluster.defaults.partition=" + CLUSTER.partition(),
                "--hpc.reconciler.interval=500ms",
                // Below Prometheus' 1 s scrape timeout here, so a hanging service is served stale, not timed out.
                "--hpc.service-metrics.timeout=500ms"));
        registry.add("hpc.monitoring.server.url", server::baseUrl);
        registry.add("hpc.monitoring.server.poll-interval", () -> "500ms");
        registry.add("hpc.monitoring.cluster.interval", () -> INTERVAL.toMillis() + "ms");
        registry.add("hpc.cluster.transport", () -> "local");
    }

    /** The shipped simulator recipe, with the GPU sidecar switched on. */
    private static Path recipesRoot(Path root) throws IOException {
        String shipped = Files.readString(Path.of(System.getProperty("hpc.recipes.root", "../recipes"), "inference/vllm-simulator.yaml"));
        String gpu = shipped.replace("name: vllm-simulator\n", "name: vllm-simulator-gpu\n")
                .replace("metrics:\n  path: /metrics\n", "metrics:\n  path: /metrics\n  gpu: true\n  gpu_interval_seconds: 1\n");
        assertThat(gpu).contains("name: vllm-simulator-gpu\n").contains("  gpu: true\n");
        Files.createDirectories(root.resolve("inference"));
        Files.writeString(root.resolve(RECIPE + ".yaml"), gpu);
        return root;
    }

    /** Where every job user can read it, removed when the tests end. */
    private static Path copyIntoWorkDir(Path target, String pattern) throws IOException {
        try (var files = Files.list(target)) {
            Path built = files.filter(file -> file.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build inference-simulator first (mvn package)"));
            Path copy = CLUSTER.workDir().resolve("inference-simulator-" + UUID.randomUUID() + ".jar");
            Files.copy(built, copy);
            copy.toFile().deleteOnExit();
            return copy;
        }
    }

    /** Two GPUs' readings, on the PATH of this test's job only: the test cluster has no GPUs. */
    private static Path fakeNvidiaSmi() throws IOException {
        Path bin = Files.createDirectories(CLUSTER.workDir().resolve("fake-nvidia-" + UUID.randomUUID()));
        Path nvidiaSmi = bin.resolve("nvidia-smi");
        Files.writeString(nvidiaSmi, "#!/bin/sh\nprintf '0, GPU-aaaa-1111, 87, 40960, 81920, 64, 312.50\\n1, GPU-bbbb-2222, 3, 512, 81920, 35, 61.02\\n'\n");
        Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        nvidiaSmi.toFile().deleteOnExit();
        bin.toFile().deleteOnExit();
        return bin;
    }

    @BeforeAll
    void deploySimulator() throws Exception {
        String config = """
                {"recipe_name": "%s", "config": {"environment": {"SIMULATOR_JAR": "%s", "SIMULATOR_MODEL": "%s",
                 "SIMULATOR_TTFT_MS": "20", "SIMULATOR_ITL_MS": "5", "PATH": "%s:/usr/local/bin:/usr/bin:/bin"}}}
                """.formatted(RECIPE, simulatorJar, MODEL, fakeNvidiaSmi);
        HttpResponse<String> created = send("POST", server.baseUrl() + "/api/v1/services", config, TestTokens.ALICE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        serviceId = JSON.readTree(created.body()).get("id").asString();
        // Others' jobs share the cluster: the simulator may wait in the queue for a while.
        await("simulator " + serviceId + " RUNNING").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            service = JSON.readTree(send("GET", server.baseUrl() + "/api/v1/services/" + serviceId, null).body());
            assertThat(service.get("status").asString()).as("reason %s", service.get("reason")).isEqualTo("RUNNING");
        });
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
            if (serviceId != null) {
                send("DELETE", server.baseUrl() + "/api/v1/services/" + serviceId, null);
            }
        } finally {
            server.close();
        }
    }

    private String monitoring() {
        return "http://127.0.0.1:" + port;
    }

    /** Alice deploys; the test reads as an admin, who sees every service whether or not the server records owners. */
    private static HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        return send(method, url, body, TestTokens.ADMIN);
    }

    private static HttpResponse<String> send(String method, String url, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", TestTokens.bearer(token));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", url, null);
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private Optional<JsonNode> targetOf(String url) throws IOException, InterruptedException {
        return JSON.readTree(get(url)).valueStream().filter(group -> group.at("/labels/service_id").asString().equals(serviceId)).findFirst();
    }

    @Test
    @Order(1)
    void prometheusDiscoversTheSimulatorHereAndScrapesItThroughTheServer() throws Exception {
        JsonNode fromServer = targetOf(server.baseUrl() + "/api/v1/services/targets").orElseThrow();
        assertThat(fromServer.at("/labels/__metrics_path__").asString()).isEqualTo("/api/v1/services/" + serviceId + "/metrics");
        assertThat(fromServer.at("/labels/recipe").asString()).isEqualTo(RECIPE);
        assertThat(fromServer.at("/labels/category").asString()).isEqualTo("inference");
        assertThat(fromServer.at("/labels/node").asString()).isEqualTo(service.get("node").asString());
        assertThat(fromServer.at("/labels/slurm_job_id").asString()).isEqualTo(service.get("job_id").asString());
        await("the monitoring service lists the same target").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(targetOf(monitoring() + "/api/v1/targets")).contains(fromServer));

        prometheus = PrometheusProcess.start(dir.resolve("prometheus"), monitoring() + "/api/v1/targets",
                List.of("127.0.0.1:" + port, URI.create(server.baseUrl()).getAuthority()));
        await("Prometheus scrapes the simulator through the server").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prometheus.activeTargets()).anySatisfy(target -> {
                    assertThat(target.at("/labels/service_id").asString()).isEqualTo(serviceId);
                    assertThat(target.get("scrapeUrl").asString()).isEqualTo(server.baseUrl() + "/api/v1/services/" + serviceId + "/metrics");
                    assertThat(target.get("health").asString()).as("last error %s", target.get("lastError")).isEqualTo("up");
                }));

        HttpResponse<String> prompt = send("POST", server.baseUrl() + "/api/v1/vllm/" + serviceId + "/prompt",
                "{\"prompt\": \"Hello, monitoring!\", \"max_tokens\": 4}");
        assertThat(prompt.statusCode()).as(prompt.body()).isEqualTo(200);
        await("a vllm: series with the service's labels").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prometheus.query("vllm:request_success_total{service_id=\"" + serviceId + "\"}"))
                        .isNotEmpty().allSatisfy(series -> {
                            JsonNode labels = series.get("metric");
                            assertThat(labels.get("recipe").asString()).isEqualTo(RECIPE);
                            assertThat(labels.get("category").asString()).isEqualTo("inference");
                            assertThat(labels.get("node").asString()).isEqualTo(service.get("node").asString());
                            assertThat(labels.get("slurm_job_id").asString()).isEqualTo(service.get("job_id").asString());
                            assertThat(labels.get("model_name").asString()).isEqualTo(MODEL);
                            assertThat(labels.get("instance").asString()).isEqualTo(serviceId);
                            assertThat(labels.has("exported_service_id")).isFalse();
                        }).anySatisfy(series -> assertThat(series.at("/value/1").asString()).isEqualTo("1")));
        assertThat(prometheus.query("hpc_service_metrics_stale{service_id=\"" + serviceId + "\"}"))
                .singleElement().satisfies(series -> assertThat(series.at("/value/1").asString()).isEqualTo("0"));
    }

    @Test
    @Order(2)
    void theGpuSidecarsReadingsAreServedThroughTheServersMetricsEndpoint() throws Exception {
        String labels = "service_id=\"" + serviceId + "\",recipe=\"" + RECIPE + "\",category=\"inference\",node=\""
                + service.get("node").asString() + "\",slurm_job_id=\"" + service.get("job_id").asString() + "\"";
        await("GPU readings in the service's metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(get(server.baseUrl() + "/api/v1/services/" + serviceId + "/metrics"))
                        .contains("vllm:num_requests_running{model_name=\"" + MODEL + "\"," + labels + "}")
                        .contains("# TYPE hpc_gpu_utilization_ratio gauge\n")
                        .contains("hpc_gpu_utilization_ratio{gpu=\"0\",uuid=\"GPU-aaaa-1111\"," + labels + "} 0.87\n")
                        .contains("hpc_gpu_memory_used_bytes{gpu=\"0\",uuid=\"GPU-aaaa-1111\"," + labels + "} 42949672960\n")
                        .contains("hpc_gpu_temperature_celsius{gpu=\"1\",uuid=\"GPU-bbbb-2222\"," + labels + "} 35\n")
                        .contains("hpc_gpu_power_watts{gpu=\"1\",uuid=\"GPU-bbbb-2222\"," + labels + "} 61.02\n"));
        if (prometheus != null) {
            await("GPU readings in Prometheus").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(prometheus.query("hpc_gpu_power_watts{service_id=\"" + serviceId + "\",gpu=\"0\"}"))
                            .singleElement().satisfies(series -> assertThat(series.at("/value/1").asString()).isEqualTo("312.5")));
        }
    }

    /**
     * Every query of every dashboard, with Grafana's variables filled in, is valid PromQL for this Prometheus; the
     * panels whose data this stack produces (cluster, services, the simulator) have data.
     */
    @Test
    @Order(3)
    void theDashboardsQueriesRunAndShowThisStacksData() throws Exception {
        assertThat(prometheus).as("Prometheus of the first test").isNotNull();
        Map<String, List<String>> withData = Map.of(
                "cluster-overview.json", List.of("Nodes by state", "CPUs allocated", "Jobs by state", "CPUs: allocated and total per partition",
                        "Sample age", "SLURM calls per minute (monitoring service)"),
                "service-overview.json", List.of("Services by state", "State timeline", "Time to RUNNING (median, p90) over the range",
                        "Readiness probes per minute"),
                "inference.json", List.of("Time to first token", "End-to-end request latency", "Generated tokens per second",
                        "Requests running and waiting", "GPU utilisation", "GPU power"),
                "benchmark-runs.json", List.of());
        // Rates need two scrapes of the simulator after the prompt of the first test, and the time-to-RUNNING histogram two of the server.
        await("dashboard panels with data").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (Map.Entry<String, List<String>> dashboard : withData.entrySet()) {
                JsonNode board = JSON.readTree(Files.readString(Path.of("../deploy/grafana/dashboards", dashboard.getKey())));
                for (JsonNode panel : board.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.get("expr").asString().replace("$__rate_interval", "1m").replace("$__range", "5m")
                                .replaceAll("\\$[a-z_]+", ".*");
                        List<JsonNode> result = prometheus.query(expr);
                        if (dashboard.getValue().contains(panel.get("title").asString()) && target.get("refId").asString().equals("A")) {
                            assertThat(result).as("%s: %s: %s", dashboard.getKey(), panel.get("title").asString(), expr).isNotEmpty();
                        }
                    }
                }
            }
        });
    }

    @Test
    @Order(4)
    void theStatusPageInHeadlessChromiumShowsTheDeployedService() throws Exception {
        await("the service on the status page").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(monitoring() + "/")).contains(serviceId));
        Path profile = Files.createTempDirectory(dir, "chromium");
        try (HeaderProxy proxy = new HeaderProxy(monitoring(), TestTokens.ADMIN)) {
            viewInChromium(profile, proxy.url() + "/");
        }
    }

    @Test
    @Order(4)
    void aBrowserWithoutAHeaderToolOpensTheStatusPageWithItsTokenInTheLink() throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium");
        // Virtual time lets the page's script fetch the status with the token and render it before the DOM is dumped.
        String dom = chromium(profile, "--dump-dom", monitoring() + "/#token=" + TestTokens.ADMIN, "--virtual-time-budget=10000");
        assertThat(dom).as("the status page as the browser shows it").contains("<tr id=\"" + serviceId + "\">")
                .contains("Forget the token").doesNotContain("<form id=\"login\"");

        String refused = chromium(Files.createTempDirectory(dir, "chromium"), "--dump-dom", monitoring() + "/#token=not-a-known-token-123456",
                "--virtual-time-budget=10000");
        assertThat(refused).contains("<form id=\"login\"").contains("The token was refused (HTTP 401).").doesNotContain(serviceId);
    }

    private void viewInChromium(Path profile, String page) throws Exception {
        String dom = chromium(profile, "--dump-dom", page);
        Matcher row = Pattern.compile("<tr id=\"" + serviceId + "\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        assertThat(row.find()).as("a row for %s in the services table of\n%s", serviceId, dom).isTrue();
        assertThat(row.group(1)).contains(RECIPE).contains(">RUNNING<").contains(service.get("node").asString());
        assertThat(dom).contains("<table id=\"nodes\">").contains("<code>" + service.get("node").asString() + "</code>");

        Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(profile, "--screenshot=" + screenshot, page);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG at %s", screenshot).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(900);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("colours in the screenshot (a blank page has one)").isGreaterThan(20);
    }

    /** Headless Chromium's output for one page; its own complaints (no D-Bus here) go to a log file. */
    private static String chromium(Path profile, String action, String url, String... flags) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "chromium", ".log");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1280,900"));
        command.addAll(List.of(flags));
        command.add(action);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 90 s");
        }
        assertThat(process.exitValue()).as("chromium %s: %s", action, Files.readString(err)).isZero();
        return out;
    }

    @Test
    @Order(5)
    void everyServiceExposesJvmHttpServerAndDomainMetrics() throws Exception {
        Map<String, String> domain = Map.of(
                "server-service", "hpc_reconcile_cycle_seconds_count",
                "monitoring-service", "hpc_cluster_nodes",
                "logs-service", "hpc_logs_collection_cycles_seconds_count",
                "client-service", "hpc_client_requests_total");
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess logs = ServiceProcess.start("logs-service", dir.resolve("logs"), List.of(
                    "--hpc.logs.server.url=" + server.baseUrl(), "--hpc.cluster.transport=local"));
            started.add(logs);
            ServiceProcess client = ServiceProcess.start("client-service", dir.resolve("client"), List.of(
                    "--hpc.client.server.url=" + server.baseUrl(), "--hpc.cluster.transport=local", "--hpc.cluster.runtime=none",
                    "--hpc.cluster.paths.work-dir=" + CLUSTER.workDir(), "--hpc.cluster.defaults.partition=" + CLUSTER.partition()));
            started.add(client);
            // The client's own meters exist while a benchmark runs (and a while after): a small one against the simulator.
            HttpResponse<String> benchmark = send("POST", client.baseUrl() + "/api/v1/benchmarks", """
                    {"name": "monitoring-it", "target": {"url": "%s"}, "dataset": {"input_len": 8, "output_len": 4},
                     "load": {"concurrency": 1}, "stop": {"requests": 3, "warmup_requests": 0}}
                    """.formatted(service.get("endpoint").asString()));
            assertThat(benchmark.statusCode()).as("a benchmark on the client: %s", benchmark.body()).isBetween(200, 202);
            Map<String, String> urls = Map.of("server-service", server.baseUrl(), "monitoring-service", monitoring(),
                    "logs-service", logs.baseUrl(), "client-service", client.baseUrl());
            for (Map.Entry<String, String> entry : urls.entrySet()) {
                String name = entry.getKey();
                get(entry.getValue() + "/actuator/health");
                await(name + "'s metrics").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(get(entry.getValue() + "/actuator/prometheus")).as(name)
                                .contains("jvm_memory_used_bytes{application=\"" + name + "\"")
                                .contains("jvm_gc_pause_seconds")
                                .containsPattern("(?m)^http_server_requests_seconds_count\\{application=\"" + name + "\"")
                                .containsPattern("(?m)^" + Pattern.quote(domain.get(name))));
            }
        } finally {
            started.forEach(ServiceProcess::close);
        }
    }

    @Test
    @Order(6)
    void aServiceThatStopsAnsweringIsServedStaleWithItsLastGoodMetrics() throws Exception {
        long pid = simulatorPid();
        String metrics = server.baseUrl() + "/api/v1/services/" + serviceId + "/metrics";
        assertThat(get(metrics)).contains("hpc_service_metrics_stale{service_id=\"" + serviceId + "\"");
        signal(pid, "STOP");
        try {
            String stale = get(metrics);
            assertThat(stale).containsPattern("(?m)^hpc_service_metrics_stale\\{service_id=\"" + serviceId + "\"[^}]*} 1$")
                    .contains("vllm:request_success_total{").contains("hpc_service_metrics_age_seconds{");
            if (prometheus != null) {
                await("Prometheus sees the stale marker").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(prometheus.query("hpc_service_metrics_stale{service_id=\"" + serviceId + "\"}"))
                                .singleElement().satisfies(series -> assertThat(series.at("/value/1").asString()).isEqualTo("1")));
            }
        } finally {
            signal(pid, "CONT");
        }
        await("fresh again").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(get(metrics)).containsPattern("(?m)^hpc_service_metrics_stale\\{service_id=\"" + serviceId + "\"[^}]*} 0$"));
    }

    /** The simulator's JVM: the job's process running this test's jar copy on the service's port. */
    private long simulatorPid() {
        String port = "--port " + service.get("port").asString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().filter(line -> line.contains(simulatorJar.toString()) && line.contains(port)).isPresent())
                .filter(process -> process.info().command().filter(command -> command.endsWith("java")).isPresent())
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no simulator process with " + simulatorJar + " " + port));
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }

    @Test
    @Order(7)
    void nodeStateMetricsFollowADrainWithinOneInterval() throws Exception {
        String node = service.get("node").asString();
        Pattern state = Pattern.compile("(?m)^hpc_cluster_node_state\\{[^}]*node=\"" + Pattern.quote(node) + "\",state=\"([a-z_]+)\"} 1");
        String before = nodeState(state);
        assertThat(before).as("the node runs our simulator").isIn("mixed", "allocated");
        // The cluster is shared: the node is drained for seconds only, and resumed whatever happens.
        scontrol("update", "NodeName=" + node, "State=DRAIN", "Reason=hpc-monitoring-test");
        long drained = System.nanoTime();
        Duration seen;
        try {
            await("the node draining in the metrics").atMost(INTERVAL.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(nodeState(state)).isEqualTo("draining"));
            seen = Duration.ofNanos(System.nanoTime() - drained);
            assertThat(get(monitoring() + "/actuator/prometheus"))
                    .containsPattern("(?m)^hpc_cluster_nodes\\{[^}]*partition=\"" + CLUSTER.partition() + "\",state=\"draining\"} [1-9]");
        } finally {
            scontrol("update", "NodeName=" + node, "State=RESUME");
        }
        await("the node back in the metrics").atMost(INTERVAL.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(nodeState(state)).isEqualTo(before));
        System.out.printf("node %s: drain visible in the metrics after %d ms (interval %d ms)%n", node, seen.toMillis(), INTERVAL.toMillis());
        assertThat(seen).isLessThanOrEqualTo(INTERVAL.plusMillis(1500));
    }

    private String nodeState(Pattern state) throws IOException, InterruptedException {
        Matcher matcher = state.matcher(get(monitoring() + "/actuator/prometheus"));
        return matcher.find() ? matcher.group(1) : "(none)";
    }

    private static void scontrol(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scontrol"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
    }

    static {
        // Fail early and clearly when the stack cannot run here, rather than deep inside the first test.
        if (!Files.isExecutable(PrometheusProcess.BINARY)) {
            throw new UncheckedIOException(new IOException("no " + PrometheusProcess.BINARY + ": apt-get install prometheus"));
        }
    }
}
