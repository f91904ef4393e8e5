package io.hpcorchestrator.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.JarProcess;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The client with the real server and the real local SLURM cluster: the packaged server (a process of its own, local
 * transport, bare metal) deploys the simulator recipe as a SLURM job; benchmark targets given as service ids are
 * resolved through the server's API; client groups run the packaged client jar as SLURM jobs of their own, whose
 * records come back through the transport; DELETE cancels the job and keeps what it had measured. Both run with the
 * test tokens: alice deploys the service on the server and benchmarks it here; the client asks the server with the
 * suite's service token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ClusterIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static Path dir;
    private static JarProcess server;
    private static String serviceId;
    private static String endpoint;

    @LocalServerPort
    int port;

    private final List<String> groups = new ArrayList<>();

    private static Path clientJar;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> server.baseUrl());
        registry.add("HPC_SERVICE_TOKEN", () -> TestTokens.SERVICE);
        registry.add("hpc.cluster.transport", () -> "local");
        registry.add("hpc.cluster.runtime", () -> "none");
        registry.add("hpc.cluster.paths.work-dir", () -> CLUSTER.workDir().toString());
        registry.add("hpc.cluster.defaults.partition", CLUSTER::partition);
        registry.add("hpc.client.groups.jar", () -> clientJar.toString());
        registry.add("hpc.client.groups.java", Simulator::javaBinary);
        registry.add("hpc.client.groups.memory", () -> "512M");
        registry.add("hpc.client.groups.jvm-options", () -> "-Xmx256m,-XX:+UseSerialGC");
        registry.add("hpc.client.groups.poll-interval", () -> "500ms");
    }

    /** Jobs read jars from the cluster's work directory, where every job user can. */
    private static Path copyIntoWorkDir(Path jar, String name) {
        try {
            Path copy = CLUSTER.workDir().resolve(name + "-" + RUN + ".jar");
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void deploySimulator() throws IOException {
        dir = Files.createTempDirectory("client-cluster-it-");
        Path recipes = Path.of(System.getProperty("hpc.recipes.root", "../recipes")).toAbsolutePath().normalize();
        server = JarProcess.start(JarProcess.serverJar(dir), dir, "server.log",
                Map.of("HPC_DATABASE_URL", "jdbc:h2:file:" + dir.resolve("server") + ";WRITE_DELAY=0", "HPC_TOKENS", TestTokens.HPC_TOKENS),
                List.of("--hpc.cluster.transport=local", "--hpc.recipes.root=" + recipes, "--hpc.cluster.runtime=none",
                        "--hpc.cluster.paths.work-dir=" + CLUSTER.workDir(), "--hpc.cluster.defaults.partition=" + CLUSTER.partition(),
                        "--hpc.reconciler.interval=500ms"));
        clientJar = copyIntoWorkDir(JarProcess.clientJar(dir), "client-service");
        Api api = new Api(server.baseUrl());
        Path simulatorJar = copyIntoWorkDir(Simulator.jar(), "inference-simulator");
        serviceId = api.expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"inference/vllm-simulator\", \"config\": {\"environment\": "
                + "{\"SIMULATOR_JAR\": \"" + simulatorJar + "\", \"SIMULATOR_MODEL\": \"sim/" + RUN + "\", \"SIMULATOR_TTFT_MS\": \"20\", "
                + "\"SIMULATOR_ITL_MS\": \"5\"}}}").get("id").asString();
        JsonNode[] running = new JsonNode[1];
        await("simulator service RUNNING").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            running[0] = api.expect(200, "GET", "/api/v1/services/" + serviceId, null);
            assertThat(running[0].get("status").asString()).as("reason %s", running[0].get("reason")).isEqualTo("RUNNING");
        });
        endpoint = running[0].get("endpoint").asString();
    }

    @AfterAll
    static void stopAll() {
        if (server != null) {
            if (serviceId != null) {
                new Api(server.baseUrl()).call("DELETE", "/api/v1/services/" + serviceId, null);
            }
            server.close();
        }
    }

    @AfterEach
    void cancelGroups() {
        groups.forEach(id -> api().call("DELETE", "/api/v1/client-groups/" + id, null));
    }

    private Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    @Test
    void anUnknownServiceIsA400NamingTheField() {
        JsonNode problem = api().expect(400, "POST", "/api/v1/benchmarks", "{\"target\": {\"service_id\": \"svc-ffffffffffff\"}}");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("target.service_id");
        assertThat(problem.at("/errors/0/message").asString()).contains("no service svc-ffffffffffff");
        JsonNode group = api().expect(400, "POST", "/api/v1/client-groups", "{\"service_id\": \"424242424\"}");
        assertThat(group.at("/errors/0/field").asString()).isEqualTo("service_id");
    }

    @Test
    void anotherUsersServiceIsAnsweredAsIfItDidNotExist() {
        Api bob = api().as(TestTokens.BOB);
        JsonNode unknown = bob.expect(400, "POST", "/api/v1/benchmarks", "{\"target\": {\"service_id\": \"svc-ffffffffffff\"}}");
        JsonNode others = bob.expect(400, "POST", "/api/v1/benchmarks", "{\"target\": {\"service_id\": \"" + serviceId + "\"}}");
        assertThat(others.at("/errors/0/field").asString()).isEqualTo("target.service_id");
        assertThat(others.at("/errors/0/message").asString())
                .isEqualTo(unknown.at("/errors/0/message").asString().replace("svc-ffffffffffff", serviceId));
        JsonNode group = bob.expect(400, "POST", "/api/v1/client-groups", "{\"service_id\": \"" + serviceId + "\"}");
        assertThat(group.at("/errors/0/field").asString()).isEqualTo("service_id");
        assertThat(bob.expect(200, "GET", "/api/v1/client-groups", null).size()).isZero();
    }

    @Test
    void aServiceIdIsResolvedThroughTheServerToItsEndpoint() {
        Benchmarks benchmarks = new Benchmarks(api());
        String id = benchmarks.start("{\"target\": {\"service_id\": \"" + serviceId + "\"}, \"dataset\": {\"input_len\": 8, \"output_len\": 4}, "
                + "\"load\": {\"request_rate\": 20}, \"stop\": {\"requests\": 40}}");
        JsonNode view = benchmarks.awaitEnd(id, Duration.ofMinutes(1));
        assertThat(view.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(view.at("/target/service_id").asString()).isEqualTo(serviceId);
        assertThat(view.at("/target/url").asString()).isEqualTo(endpoint);
        assertThat(view.at("/target/model").asString()).isEqualTo("sim/" + RUN);
        assertThat(benchmarks.results(id).get("completed").asLong()).isEqualTo(40);
    }

    private String startGroup(String body) {
        JsonNode created = api().expect(201, "POST", "/api/v1/client-groups", body);
        String id = created.get("id").asString();
        groups.add(id);
        assertThat(created.get("job_id").asLong()).isPositive();
        assertThat(created.get("status").asString()).isEqualTo("PENDING");
        assertThat(created.get("target_url").asString()).isEqualTo(endpoint);
        return id;
    }

    @Test
    void aClientGroupRunsAsASlurmJobAndItsResultsComeBack() {
        String id = startGroup("{\"service_id\": \"" + serviceId + "\", \"num_clients\": 2, \"requests_per_second\": 5, "
                + "\"duration_seconds\": 4, \"prompts\": [\"Hello, AI!\", \"Count to ten\"], \"max_tokens\": 8, \"temperature\": 0.5, \"time_limit\": 5}");
        long jobId = api().expect(200, "GET", "/api/v1/client-groups/" + id, null).get("job_id").asLong();
        assertThat(scontrol(jobId)).contains("JobName=hpc-client-" + id.substring(3), "TimeLimit=00:05:00");

        JsonNode[] group = new JsonNode[1];
        await("client group " + id + " ended").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            group[0] = api().expect(200, "GET", "/api/v1/client-groups/" + id, null);
            assertThat(group[0].get("status").asString()).isIn("COMPLETED", "FAILED", "CANCELLED");
        });
        assertThat(group[0].get("status").asString()).as("reason %s", group[0].get("reason")).isEqualTo("COMPLETED");
        assertThat(group[0].get("model").asString()).isEqualTo("sim/" + RUN);
        JsonNode summary = group[0].get("summary");
        // 2 clients x 5 per second for 4 s: about 40 requests, Poisson.
        assertThat(summary.get("completed").asLong()).isBetween(15L, 80L);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(summary.get("median_ttft_ms").asDouble()).isBetween(15.0, 500.0);

        JsonNode results = api().expect(200, "GET", "/api/v1/benchmarks/" + id + "/results", null);
        assertThat(results.get("max_concurrent_requests").asInt()).isLessThanOrEqualTo(2);
        assertThat(results.get("total_output_tokens").asLong()).isEqualTo(summary.get("completed").asLong() * 8);
        JsonNode benchmark = api().expect(200, "GET", "/api/v1/benchmarks/" + id, null);
        assertThat(benchmark.get("runner").asString()).isEqualTo("slurm");
        assertThat(benchmark.get("job_id").asLong()).isEqualTo(jobId);
        assertThat(api().call("GET", "/api/v1/benchmarks/" + id + "/results.csv", null).text().split("\r\n"))
                .hasSize(1 + (int) summary.get("completed").asLong());
        assertThat(api().expect(200, "GET", "/api/v1/client-groups", null).valueStream().map(g -> g.get("id").asString())).contains(id);
    }

    @Test
    void deletingAClientGroupCancelsItsJobAndKeepsWhatItMeasured() {
        String id = startGroup("{\"service_id\": \"" + serviceId + "\", \"num_clients\": 4, \"requests_per_second\": 5, "
                + "\"duration_seconds\": 300, \"max_tokens\": 4}");
        long jobId = api().expect(200, "GET", "/api/v1/client-groups/" + id, null).get("job_id").asLong();
        await("client group running").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api().expect(200, "GET", "/api/v1/client-groups/" + id, null).get("status").asString()).isEqualTo("RUNNING"));
        // Its client has started sending once the records file's plan sits beside it and a few seconds have passed.
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(CLUSTER.workDir().resolve("hpc-client-" + id.substring(3) + ".plan.json")));
        sleep(8000);

        JsonNode cancelled = api().expect(200, "DELETE", "/api/v1/client-groups/" + id, null);
        await("job " + jobId + " cancelled").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(scontrol(jobId)).satisfiesAnyOf(text -> assertThat(text).contains("JobState=CANCELLED"),
                        text -> assertThat(text).contains("Invalid job id")));
        JsonNode[] group = {cancelled};
        await("client group CANCELLED").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            group[0] = api().expect(200, "GET", "/api/v1/client-groups/" + id, null);
            assertThat(group[0].get("status").asString()).isEqualTo("CANCELLED");
        });
        assertThat(group[0].get("reason").asString()).contains("cancelled");
        assertThat(group[0].at("/summary/completed").asLong()).as("records the job wrote on SIGTERM").isPositive();
        assertThat(api().expect(200, "GET", "/api/v1/benchmarks/" + id + "/results", null).get("partial").asBoolean()).isTrue();
    }

    private static String scontrol(long jobId) {
        try {
            Process process = new ProcessBuilder("scontrol", "show", "job", Long.toString(jobId)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
