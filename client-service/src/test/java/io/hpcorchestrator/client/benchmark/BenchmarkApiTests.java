package io.hpcorchestrator.client.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Bad benchmark requests are 400s that name every field at fault, before anything is sent anywhere. The server's
 * API is pointed at a port nobody listens on, so a service id cannot be resolved (503) here; an unknown service on
 * a real server is {@code ServerTargetIT}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class BenchmarkApiTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> "http://127.0.0.1:" + Simulator.freePort());
    }

    private Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    private JsonNode badRequest(String body) {
        JsonNode problem = api().expect(400, "POST", "/api/v1/benchmarks", body);
        assertThat(problem.get("title").asString()).isEqualTo("Invalid request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        return problem;
    }

    private static java.util.List<String> fields(JsonNode problem) {
        return problem.get("errors").valueStream().map(error -> error.get("field").asString()).toList();
    }

    @Test
    void aNegativeRateNamesTheRate() {
        JsonNode problem = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"load\": {\"request_rate\": -5}}");
        assertThat(fields(problem)).containsExactly("load.request_rate");
        assertThat(problem.at("/errors/0/message").asString()).contains("more than 0");
    }

    @Test
    void zeroRequestsNamesTheStopCondition() {
        JsonNode problem = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"stop\": {\"requests\": 0}}");
        assertThat(fields(problem)).containsExactly("stop.requests");
    }

    @Test
    void anSloOnAnUnknownMetricNamesTheMetricAndListsTheKnownOnes() {
        JsonNode problem = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"slos\": {\"ttft_ms\": 200, \"latency_ms\": 100}}");
        assertThat(fields(problem)).containsExactly("slos.latency_ms");
        assertThat(problem.at("/errors/0/message").asString()).contains("ttft_ms", "tpot_ms", "e2el_ms");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        JsonNode problem = badRequest("""
                {"target": {"service_id": "svc-1", "url": "http://x"}, "api": "embeddings",
                 "load": {"request_rates": [1, 0, "fast"], "burstiness": 0},
                 "stop": {"requests": 10, "duration_seconds": -1, "warmup_requests": -1},
                 "dataset": {"input_len": 0, "range_ratio": 1.5, "distribution": "zipf"},
                 "percentiles": [50, 101], "slos": {"tpot_ms": -3}, "extra_body": {"stream": false}}""");
        assertThat(fields(problem)).containsExactlyInAnyOrder("target", "api", "load.request_rates[1]", "load.request_rates[2]",
                "load.burstiness", "stop.duration_seconds", "stop.warmup_requests", "dataset.input_len", "dataset.range_ratio",
                "dataset.distribution", "percentiles[1]", "slos.tpot_ms", "extra_body.stream");
    }

    @Test
    void rateAndConcurrencyTogetherAreRefused() {
        JsonNode problem = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"load\": {\"request_rate\": 5, \"concurrency\": 4}}");
        assertThat(fields(problem)).containsExactly("load");
    }

    @Test
    void anInfiniteRateNeedsACountToStop() {
        JsonNode problem = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"load\": {\"request_rate\": \"inf\"}, "
                + "\"stop\": {\"duration_seconds\": 10}}");
        assertThat(fields(problem)).containsExactly("load.request_rate");
    }

    @Test
    void aMissingTargetAndABadUrlAreNamed() {
        assertThat(fields(badRequest("{}"))).containsExactly("target");
        assertThat(fields(badRequest("{\"target\": {\"url\": \"ftp://host/x\"}}"))).containsExactly("target.url");
        assertThat(fields(badRequest("{\"target\": {\"service_id\": \"../etc\"}}"))).containsExactly("target.service_id");
    }

    @Test
    void unknownFieldsWrongTypesAndMalformedJsonAreNamedByTheirPath() {
        assertThat(fields(badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"stop\": {\"request\": 5}}")))
                .containsExactly("stop.request");
        JsonNode wrongType = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"stop\": {\"requests\": \"many\"}}");
        assertThat(fields(wrongType)).containsExactly("stop.requests");
        assertThat(wrongType.toString()).doesNotContain("java.lang", "Integer");
        JsonNode notAList = badRequest("{\"target\": {\"url\": \"http://127.0.0.1:9\"}, \"percentiles\": \"all\"}");
        assertThat(fields(notAList)).containsExactly("percentiles");
        assertThat(notAList.at("/errors/0/message").asString()).contains("an array").doesNotContain("java.", "JsonToken", "`");
        assertThat(fields(badRequest("{\"target\": "))).containsExactly("(body)");
    }

    @Test
    void aServiceIdNeedsTheServerWhichIsUnreachableHere() {
        JsonNode problem = api().expect(503, "POST", "/api/v1/benchmarks", "{\"target\": {\"service_id\": \"svc-0123456789ab\"}}");
        assertThat(problem.get("title").asString()).isEqualTo("Server unavailable");
    }

    @Test
    void aTargetThatDoesNotAnswerIsRefusedAtOnce() {
        JsonNode problem = api().expect(422, "POST", "/api/v1/benchmarks",
                "{\"target\": {\"url\": \"http://127.0.0.1:" + Simulator.freePort() + "/v1\"}}");
        assertThat(problem.get("detail").asString()).contains("/v1/models did not answer", "target.model");
    }

    @Test
    void unknownBenchmarksAreNotFound() {
        api().expect(404, "GET", "/api/v1/benchmarks/bm-000000000000", null);
        api().expect(404, "GET", "/api/v1/benchmarks/bm-000000000000/results", null);
        api().expect(404, "GET", "/api/v1/benchmarks/bm-000000000000/report", null);
        api().expect(404, "DELETE", "/api/v1/benchmarks/bm-000000000000", null);
        api().expect(404, "GET", "/api/v1/client-groups/bm-000000000000", null);
    }

    @Test
    void listingChecksItsParameters() {
        assertThat(api().expect(200, "GET", "/api/v1/benchmarks", null).isArray()).isTrue();
        JsonNode problem = api().expect(400, "GET", "/api/v1/benchmarks?status=done", null);
        assertThat(fields(problem)).containsExactly("status");
        assertThat(fields(api().expect(400, "GET", "/api/v1/benchmarks?limit=0", null))).containsExactly("limit");
    }

    @Test
    void clientGroupsNameTheirSeedFields() {
        JsonNode problem = api().expect(400, "POST", "/api/v1/client-groups",
                "{\"num_clients\": 0, \"requests_per_second\": -1, \"duration_seconds\": 0, \"time_limit\": \"soon\", \"prompts\": []}");
        assertThat(fields(problem)).containsExactlyInAnyOrder("service_id", "num_clients", "requests_per_second", "duration_seconds",
                "time_limit", "prompts");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() {
        JsonNode doc = api().expect(200, "GET", "/v3/api-docs", null);
        assertThat(doc.get("paths").propertyNames()).contains("/api/v1/benchmarks", "/api/v1/benchmarks/{id}",
                "/api/v1/benchmarks/{id}/results", "/api/v1/benchmarks/{id}/results.csv", "/api/v1/benchmarks/{id}/report",
                "/api/v1/client-groups", "/api/v1/client-groups/{id}");
    }
}
