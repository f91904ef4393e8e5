package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The server reaches compute nodes itself (it runs on a login node, or inside the cluster's network). */
class DirectGatewayIT extends GatewayContract {

    private static final Pattern SUCCESSES = Pattern.compile("(?m)^vllm:request_success_total\\{[^}]*} ([0-9.]+)");

    @DynamicPropertySource
    static void access(DynamicPropertyRegistry registry) {
        registry.add("hpc.cluster.transport", () -> "local");
        registry.add("hpc.gateway.access", () -> "direct");
    }

    @Override
    protected int expectedTunnels() {
        return 0;
    }

    @Test
    void aModelWithoutChatTemplateIsPromptedThroughCompletions() throws Exception {
        JsonNode service = deploySimulator("sim/plain", "\"SIMULATOR_CHAT_TEMPLATE\": \"false\"", null);
        JsonNode answer = api().expect(200, "POST", "/api/v1/vllm/" + service.get("id").asString() + "/prompt",
                "{\"prompt\": \"Complete this\", \"max_tokens\": 4}");
        assertThat(answer.get("endpoint_used").asString()).isEqualTo("completions");
        assertThat(answer.get("response").asString()).isNotBlank();

        // Through the OpenAI routes the service's own error comes back with its status and body.
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(service.get("endpoint").asString() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT_PLAIN)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> routed = post("/v1/chat/completions", CHAT_PLAIN);
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(routed.statusCode()).isEqualTo(direct.statusCode());
        assertThat(routed.body()).isEqualTo(direct.body());
    }

    private static final String CHAT_PLAIN = "{\"model\": \"sim/plain\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @Test
    void aClientThatHangsUpMidStreamCancelsTheRequestAtTheService() throws Exception {
        JsonNode service = deploySimulator("sim/hangup", null, null);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway() + "/v1/completions")).header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"sim/hangup\", \"prompt\": \"go\", \"stream\": true, "
                        + "\"max_tokens\": 2000, \"ignore_eos\": true}"))
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.read(new byte[64])).isPositive();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(metric(service, "vllm:num_requests_running", "")).isEqualTo(1));
        }
        // 2,000 tokens 30 ms apart would take a minute; the service must stop long before.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(metric(service, "vllm:num_requests_running", "")).isZero();
            assertThat(metric(service, "vllm:request_success_total", "finished_reason=\"abort\"")).isEqualTo(1);
        });
    }

    /** The sum of the samples of a metric that carry {@code label} (e.g. {@code finished_reason="abort"}). */
    private double metric(JsonNode service, String name, String label) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(service.get("endpoint").asString() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void twoServicesServingTheSameModelShareTheLoad() throws Exception {
        JsonNode first = deploySimulator("sim/shared", null, null);
        JsonNode second = deploySimulator("sim/shared", null, null);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(clients.submit(() -> post("/v1/completions", "{\"model\": \"sim/shared\", \"prompt\": \"p\", \"max_tokens\": 10, \"ignore_eos\": true}")));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        double onFirst = successes(first.get("endpoint").asString());
        double onSecond = successes(second.get("endpoint").asString());
        assertThat(onFirst + onSecond).isEqualTo(16);
        assertThat(onFirst).as("requests served by the first service").isGreaterThanOrEqualTo(4);
        assertThat(onSecond).as("requests served by the second service").isGreaterThanOrEqualTo(4);
    }

    private double successes(String endpoint) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = SUCCESSES.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
