package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inference gateway end to end on the real local cluster, against the CPU inference simulator deployed as a
 * SLURM job: the seed's prompt API, the OpenAI-compatible routes, streaming, errors. Subclasses choose how the
 * server reaches the service (directly, or through SSH tunnels via the login node).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
public abstract class GatewayContract {

    protected static final DevCluster CLUSTER = DevCluster.load();
    /** The simulator jar, copied where every job user can read it. */
    protected static final Path SIMULATOR_JAR = simulatorJar();

    @LocalServerPort
    int port;

    private final List<String> deployed = new ArrayList<>();
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("hpc.recipes.root", () -> ItRecipes.root().toString());
        registry.add("hpc.cluster.runtime", () -> "none");
        registry.add("hpc.cluster.paths.work-dir", () -> CLUSTER.workDir().toString());
        registry.add("hpc.cluster.defaults.partition", CLUSTER::partition);
        registry.add("hpc.gateway.refresh", () -> "300ms");
    }

    private static Path simulatorJar() {
        try (var files = Files.list(Path.of("../inference-simulator/target"))) {
            Path built = files.filter(file -> file.getFileName().toString().matches("inference-simulator-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("build inference-simulator first (mvn package)"));
            Path copy = CLUSTER.workDir().resolve("inference-simulator-" + UUID.randomUUID() + ".jar");
            Files.copy(built, copy);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected ServerApi api() {
        return new ServerApi("http://127.0.0.1:" + port);
    }

    protected String gateway() {
        return "http://127.0.0.1:" + port;
    }

    @AfterEach
    void cancelDeployed() {
        deployed.forEach(id -> api().call("DELETE", "/api/v1/services/" + id, null));
    }

    /** Deploys the simulator serving {@code model} and waits until it is RUNNING. */
    protected JsonNode deploySimulator(String model, String extraEnvironment, String slurm) {
        String id = deploySimulatorAsync(model, extraEnvironment, slurm);
        JsonNode[] running = new JsonNode[1];
        await("simulator " + id + " RUNNING").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            running[0] = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(running[0].get("status").asString()).as("reason %s", running[0].get("reason")).isEqualTo("RUNNING");
        });
        return running[0];
    }

    protected String deploySimulatorAsync(String model, String extraEnvironment, String slurm) {
        String environment = "{\"SIMULATOR_JAR\": \"" + SIMULATOR_JAR + "\", \"SIMULATOR_MODEL\": \"" + model + "\", "
                + "\"SIMULATOR_TTFT_MS\": \"50\", \"SIMULATOR_ITL_MS\": \"30\"" + (extraEnvironment == null ? "" : ", " + extraEnvironment) + "}";
        String config = "{\"environment\": " + environment + (slurm == null ? "" : ", \"slurm\": " + slurm) + "}";
        String id = api().expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"inference/vllm-simulator\", \"config\": " + config + "}")
                .get("id").asString();
        deployed.add(id);
        return id;
    }

    /** How many tunnels the server should hold with one service running. */
    protected abstract int expectedTunnels();

    protected int openTunnels() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway() + "/actuator/prometheus"))
                        .header("Authorization", TestTokens.bearer(TestTokens.SCRAPE)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher gauge = java.util.regex.Pattern.compile("(?m)^hpc_gateway_tunnels\\{[^}]*} ([0-9.]+)").matcher(metrics);
        assertThat(gauge.find()).as("hpc_gateway_tunnels in the metrics").isTrue();
        return (int) Double.parseDouble(gauge.group(1));
    }

    protected HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway() + path)).header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunningSimulatorIsPromptedListedAndStreamedThroughTheGateway() throws Exception {
        String model = "sim/" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode service = deploySimulator(model, null, null);
        String id = service.get("id").asString();

        JsonNode listed = api().expect(200, "GET", "/api/v1/vllm/services", null);
        assertThat(listed.findValuesAsString("id")).contains(id);

        JsonNode answer = api().expect(200, "POST", "/api/v1/vllm/" + id + "/prompt", "{\"prompt\": \"Hello, AI!\", \"max_tokens\": 8}");
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("endpoint_used").asString()).isEqualTo("chat");
        assertThat(answer.get("response").asString()).isNotBlank();
        assertThat(answer.get("service_id").asString()).isEqualTo(id);
        assertThat(answer.get("endpoint").asString()).isEqualTo(service.get("endpoint").asString());
        assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(8);
        assertThat(openTunnels()).as("SSH tunnels open while the service runs").isEqualTo(expectedTunnels());

        JsonNode models = api().expect(200, "GET", "/api/v1/vllm/" + id + "/models", null).get("data");
        assertThat(models).singleElement().satisfies(entry -> assertThat(entry.get("id").asString()).isEqualTo(model));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().expect(200, "GET", "/v1/models", null).get("data").valueStream().map(entry -> entry.get("id").asString()))
                        .contains(model));

        ServerApi bob = new ServerApi(gateway(), TestTokens.BOB);
        assertThat(bob.expect(200, "GET", "/api/v1/vllm/services", null).findValuesAsString("id")).as("another user's list").doesNotContain(id);
        assertThat(bob.expect(200, "GET", "/v1/models", null).get("data").findValuesAsString("id")).as("another user's models").doesNotContain(model);
        ServerApi.Response routed = bob.call("POST", "/v1/completions", "{\"model\": \"" + model + "\", \"prompt\": \"hi\", \"max_tokens\": 2}");
        assertThat(routed.status()).as("another user's model is not routed to").isEqualTo(404);
        assertThat(routed.body().at("/error/code").asString()).isEqualTo("model_not_found");

        HttpResponse<String> completion = post("/v1/completions", "{\"model\": \"" + model + "\", \"prompt\": \"Say hi\", \"max_tokens\": 5}");
        assertThat(completion.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.shared().readTree(completion.body()).at("/choices/0/text").asString()).isNotBlank();

        assertStreamsIncrementally(model);
    }

    /** Twenty tokens 30 ms apart: the first content chunk must arrive long before the last one. */
    private void assertStreamsIncrementally(String model) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"" + model + "\", \"stream\": true, \"max_tokens\": 20, "
                        + "\"ignore_eos\": true, \"messages\": [{\"role\": \"user\", \"content\": \"count\"}]}"))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Long> arrivals = new ArrayList<>();
        List<String> events = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
            events.add(line);
            if (line.contains("\"content\"")) {
                arrivals.add(System.nanoTime());
            }
        });
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(10);
        long spreadMillis = Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).toMillis();
        assertThat(spreadMillis).as("time between the first and the last content chunk").isGreaterThan(300);
    }

    @Test
    void badRequestsGetOpenAiErrors() throws Exception {
        HttpResponse<String> unknown = post("/v1/chat/completions",
                "{\"model\": \"no/such-model\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = JsonMapper.shared().readTree(unknown.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("model_not_found");
        assertThat(error.get("message").asString()).contains("no/such-model");

        HttpResponse<String> malformed = post("/v1/completions", "{\"model\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(malformed.body()).at("/error/type").asString()).isEqualTo("invalid_request_error");

        HttpResponse<String> noModel = post("/v1/completions", "{\"prompt\": \"hi\"}");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(noModel.body()).at("/error/param").asString()).isEqualTo("model");
    }

    @Test
    void aServiceThatIsNotRunningAnswers409WithItsStatus() {
        String id = deploySimulatorAsync("sim/later", null, "{\"extra_directives\": [\"--begin=now+3600\"]}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode pending = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(pending.get("status").asString()).isEqualTo("PENDING");
            assertThat(pending.get("reason").asString()).isEqualTo("BeginTime");
        });
        JsonNode problem = api().expect(409, "POST", "/api/v1/vllm/" + id + "/prompt", "{\"prompt\": \"hi\"}");
        assertThat(problem.get("service_status").asString()).isEqualTo("PENDING");
        assertThat(problem.get("reason").asString()).isEqualTo("BeginTime");
        api().expect(409, "GET", "/api/v1/vllm/" + id + "/models", null);
    }
}
