package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole stack as a laptop user without a cluster runs it: docker compose with the local-slurm profile builds the
 * images from this build's jars, starts the SLURM container, the four services, Prometheus and Grafana; then the
 * inference simulator is deployed through the server, reaches RUNNING, answers a prompt through the gateway, is
 * scraped by Prometheus, and is cancelled. Runs only where a Docker engine is available (skipped otherwise).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    private static final Duration HEALTHY = Duration.ofMinutes(6);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String serviceId;
    private static final String ADMIN_TOKEN = "compose-admin-" + java.util.UUID.randomUUID();
    /** The tokens file, the services' own token and Prometheus' scrape token, as docs/security.md has users make them. */
    private static final java.nio.file.Path TOKENS = tokens();

    private static java.nio.file.Path tokens() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("compose-tokens");
            String service = "compose-service-" + java.util.UUID.randomUUID();
            String scrape = "compose-scrape-" + java.util.UUID.randomUUID();
            java.nio.file.Files.writeString(dir.resolve("tokens"), "tester admin " + io.hpcorchestrator.security.TokenHash.of(ADMIN_TOKEN) + "\n"
                    + "suite service " + io.hpcorchestrator.security.TokenHash.of(service) + "\n"
                    + "prometheus scrape " + io.hpcorchestrator.security.TokenHash.of(scrape) + "\n");
            java.nio.file.Files.writeString(dir.resolve("service.token"), service);
            java.nio.file.Files.writeString(dir.resolve("scrape.token"), scrape);
            // The containers run as another uid than this test.
            for (java.io.File file : dir.toFile().listFiles()) {
                file.setReadable(true, false);
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Container
    static final ComposeContainer STACK = new ComposeContainer(new File(Repo.root().toFile(), "docker-compose.yml"))
            .withOptions("--env-file", Repo.path("deploy/local-slurm/local-slurm.env").toString(), "--profile", "local-slurm")
            .withBuild(true)
            .withRemoveVolumes(true)
            // Published host ports are not needed (the ambassador reaches the services); 0 avoids clashes.
            .withEnv("HPC_SERVER_PORT", "0").withEnv("HPC_CLIENT_PORT", "0").withEnv("HPC_MONITORING_PORT", "0")
            .withEnv("HPC_LOGS_PORT", "0").withEnv("PROMETHEUS_PORT", "0").withEnv("GRAFANA_PORT", "0")
            .withEnv("HPC_TOKENS_HOST_FILE", TOKENS.resolve("tokens").toString())
            .withEnv("HPC_SERVICE_TOKEN_HOST_FILE", TOKENS.resolve("service.token").toString())
            .withEnv("HPC_SCRAPE_TOKEN_FILE", TOKENS.resolve("scrape.token").toString())
            .withExposedService("server-service", 8001, Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .withExposedService("prometheus", 9090, Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .waitingFor("slurm", Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .waitingFor("client-service", Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .waitingFor("monitoring-service", Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .waitingFor("logs-service", Wait.forHealthcheck().withStartupTimeout(HEALTHY))
            .waitingFor("grafana", Wait.forHealthcheck().withStartupTimeout(HEALTHY));

    private static String server() {
        return "http://" + STACK.getServiceHost("server-service", 8001) + ":" + STACK.getServicePort("server-service", 8001);
    }

    private static String prometheus() {
        return "http://" + STACK.getServiceHost("prometheus", 9090) + ":" + STACK.getServicePort("prometheus", 9090);
    }

    private static JsonNode call(String method, String url, String body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (url.startsWith(server())) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void serverSeesTheLocalSlurmNode() throws Exception {
        JsonNode cluster = call("GET", server() + "/api/v1/cluster", null, 200);

        assertThat(cluster.path("transport").asString()).isNotEmpty();
        assertThat(cluster.path("nodes").findValuesAsString("name")).contains("slurm");
    }

    @Test
    @Order(2)
    void simulatorDeploysRunsAndAnswersThroughTheGateway() throws Exception {
        JsonNode created = call("POST", server() + "/api/v1/services",
                "{\"recipe_name\": \"inference/vllm-simulator\", \"config\": {\"environment\": {\"SIMULATOR_TTFT_MS\": \"10\"}}}", 201);
        serviceId = created.path("id").asString();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode status = call("GET", server() + "/api/v1/services/" + serviceId + "/status", null, 200);
            assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("RUNNING");
        });

        JsonNode answer = call("POST", server() + "/api/v1/vllm/" + serviceId + "/prompt", "{\"prompt\": \"Hello\", \"max_tokens\": 8}", 200);
        assertThat(answer.path("success").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    @Order(3)
    void prometheusScrapesTheFourServices() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode targets = call("GET", prometheus() + "/api/v1/targets?state=active", null, 200);
            long up = 0;
            for (JsonNode target : targets.path("data").path("activeTargets")) {
                if ("hpc-orchestrator".equals(target.path("labels").path("job").asString()) && "up".equals(target.path("health").asString())) {
                    up++;
                }
            }
            assertThat(up).as(targets.toString()).isEqualTo(4);
        });
    }

    @Test
    @Order(4)
    void cancellingEndsTheJob() throws Exception {
        call("DELETE", server() + "/api/v1/services/" + serviceId, null, 200);

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                call("GET", server() + "/api/v1/services/" + serviceId + "/status", null, 200).path("status").asString())
                .isEqualTo("CANCELLED"));
    }
}
