package io.hpcorchestrator.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.client.report.CsvExport;
import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A benchmark's life through the API against the simulator: sweeps, progress, cancel, queueing, failure, outputs, live metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class BenchmarkLifecycleIT {

    private static Simulator simulator;

    @LocalServerPort
    int port;

    private Api api;
    private Benchmarks benchmarks;

    @BeforeAll
    static void start() {
        simulator = Simulator.start("--ttft-ms", "20", "--itl-ms", "5");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void client() {
        api = new Api("http://127.0.0.1:" + port);
        benchmarks = new Benchmarks(api);
    }

    private String target() {
        return "\"target\": {\"url\": \"" + simulator.baseUrl() + "/v1\"}";
    }

    @Test
    void aSweepHasOneResultPerStepACsvRowPerRequestAReportAndLiveMetrics() {
        String id = benchmarks.start("{\"name\": \"sweep <b>\", " + target() + ", \"api\": \"chat\", \"ignore_eos\": true, "
                + "\"dataset\": {\"input_len\": 20, \"output_len\": 8, \"range_ratio\": 0.5}, \"load\": {\"request_rates\": [20, \"40\"]}, "
                + "\"stop\": {\"requests\": 60}, \"percentiles\": [50, 99.9], \"slos\": {\"ttft_ms\": 500, \"tpot_ms\": 50}}");
        JsonNode view = benchmarks.awaitEnd(id, Duration.ofMinutes(2));
        assertThat(view.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(view.get("steps").valueStream().map(JsonNode::asString)).containsExactly("rate=20/s", "rate=40/s");
        assertThat(view.at("/progress/requests_done").asLong()).isEqualTo(120);
        assertThat(view.at("/target/model").asString()).isEqualTo("simulator/tiny-chat");
        assertThat(view.at("/target/url").asString()).isEqualTo(simulator.baseUrl());

        Api.Response csv = api.call("GET", "/api/v1/benchmarks/" + id + "/results.csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] rows = csv.text().split("\r\n");
        assertThat(rows[0]).isEqualTo(CsvExport.HEADER);
        assertThat(rows).hasSize(1 + 120);
        long[] outputTokens = new long[2];
        for (int i = 1; i < rows.length; i++) {
            String[] columns = rows[i].split(",");
            outputTokens[Integer.parseInt(columns[0])] += Long.parseLong(columns[13]);
        }

        JsonNode results = benchmarks.results(id);
        assertThat(results.get("steps")).hasSize(2);
        assertThat(results.has("mean_ttft_ms")).as("a sweep keeps its figures per step").isFalse();
        for (int step = 0; step < 2; step++) {
            JsonNode result = results.get("steps").get(step);
            assertThat(result.get("request_rate").asDouble()).isEqualTo(step == 0 ? 20 : 40);
            assertThat(result.get("completed").asLong()).isEqualTo(60);
            // Output lengths vary by +-50% around 8 (range_ratio), as the CSV shows request by request.
            assertThat(result.get("total_output_tokens").asLong()).isEqualTo(outputTokens[step]).isBetween(60L * 4, 60L * 12);
            assertThat(result.get("request_goodput").asDouble()).isPositive();
            assertThat(result.has("p99.9_itl_ms")).isTrue();
        }

        Api.Response report = api.call("GET", "/api/v1/benchmarks/" + id + "/report", null);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.contentType()).startsWith("text/html");
        assertThat(report.text()).contains("sweep &lt;b&gt;", "Against load", "<svg").doesNotContain("<script");

        String metrics = api.call("GET", "/actuator/prometheus", null).text();
        assertThat(metrics).contains("hpc_client_ttft_seconds_bucket{", "benchmark_id=\"" + id + "\"")
                .containsPattern("hpc_client_requests_total\\{[^}]*benchmark_id=\"" + id + "\"[^}]*outcome=\"success\"[^}]*} 120\\.0")
                .containsPattern("hpc_client_requests_in_flight\\{[^}]*benchmark_id=\"" + id + "\"[^}]*} 0\\.0");
    }

    @Test
    void aRunningBenchmarkShowsProgressAndACancelKeepsWhatWasMeasured() {
        String id = benchmarks.start("{" + target() + ", \"dataset\": {\"input_len\": 16, \"output_len\": 4}, "
                + "\"load\": {\"request_rate\": 10}, \"stop\": {\"requests\": 1000}}");
        JsonNode[] running = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            running[0] = api.expect(200, "GET", "/api/v1/benchmarks/" + id, null);
            assertThat(running[0].at("/progress/requests_done").asLong()).isGreaterThanOrEqualTo(15);
        });
        JsonNode progress = running[0].get("progress");
        assertThat(running[0].get("status").asString()).isEqualTo("RUNNING");
        assertThat(progress.get("phase").asString()).isEqualTo("measuring");
        assertThat(progress.get("requests_total").asLong()).isEqualTo(1000);
        assertThat(progress.get("elapsed_seconds").asDouble()).isPositive();
        // 1,000 requests at 10 per second: more than a minute and a half to go.
        assertThat(progress.get("eta_seconds").asDouble()).isBetween(60.0, 120.0);
        assertThat(api.expect(200, "GET", "/api/v1/benchmarks/" + id + "/results", null).get("partial").asBoolean()).isTrue();

        JsonNode cancelled = api.expect(200, "DELETE", "/api/v1/benchmarks/" + id, null);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        JsonNode results = benchmarks.results(id);
        long done = results.get("completed").asLong() + results.get("failed").asLong();
        assertThat(results.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(results.get("partial").asBoolean()).isTrue();
        assertThat(results.get("completed").asLong()).isBetween(15L, 999L);
        assertThat(api.call("GET", "/api/v1/benchmarks/" + id + "/results.csv", null).text().split("\r\n")).hasSize(1 + (int) done);
        // Cancelling again changes nothing.
        assertThat(api.expect(200, "DELETE", "/api/v1/benchmarks/" + id, null).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void benchmarksRunOneAtATimeInTheOrderTheyCame() {
        String body = "{" + target() + ", \"dataset\": {\"input_len\": 8, \"output_len\": 8}, \"load\": {\"concurrency\": 2}, "
                + "\"stop\": {\"duration_seconds\": 2}}";
        String first = benchmarks.start(body);
        String second = benchmarks.start(body);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.expect(200, "GET", "/api/v1/benchmarks/" + first, null).get("status").asString()).isEqualTo("RUNNING"));
        assertThat(api.expect(200, "GET", "/api/v1/benchmarks/" + second, null).get("status").asString()).isEqualTo("PENDING");
        assertThat(benchmarks.awaitEnd(first, Duration.ofSeconds(30)).get("status").asString()).isEqualTo("COMPLETED");
        JsonNode secondView = benchmarks.awaitEnd(second, Duration.ofSeconds(30));
        assertThat(secondView.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(benchmarks.results(second).get("duration").asDouble()).isBetween(2.0, 4.0);
        JsonNode listed = api.expect(200, "GET", "/api/v1/benchmarks?status=completed&limit=1000", null);
        assertThat(listed.valueStream().map(b -> b.get("id").asString())).contains(first, second);
    }

    @Test
    void whenEveryWarmUpFailsTheBenchmarkFailsWithTheTargetsAnswer() {
        String id = benchmarks.start("{\"target\": {\"url\": \"" + simulator.baseUrl() + "\", \"model\": \"no/such-model\"}, "
                + "\"stop\": {\"requests\": 10, \"warmup_requests\": 3}}");
        JsonNode view = benchmarks.awaitEnd(id, Duration.ofSeconds(30));
        assertThat(view.get("status").asString()).isEqualTo("FAILED");
        assertThat(view.get("reason").asString()).contains("every warm-up request failed", "http_404", "no/such-model");
    }
}
