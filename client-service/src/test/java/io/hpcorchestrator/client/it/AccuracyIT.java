package io.hpcorchestrator.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

/**
 * The client's figures against a target whose timing is known: the simulator with a TTFT of 50 ms, 10 ms between
 * tokens and 64 output tokens, so TTFT 50 ms, ITL and TPOT 10 ms, E2E 50 + 63 x 10 = 680 ms. Medians must be within
 * 5% of those. Both JVMs, the client's and the simulator's, are warmed up first with a few thousand short requests
 * (unwarmed code adds milliseconds of its own to every request, on either side), and each benchmark sends warm-up
 * requests it does not count.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class AccuracyIT {

    private static final double TTFT_MS = 50;
    private static final double ITL_MS = 10;
    private static final int OUTPUT_TOKENS = 64;
    private static final double E2E_MS = TTFT_MS + (OUTPUT_TOKENS - 1) * ITL_MS;

    private static Simulator timed;
    private static boolean warmed;

    @LocalServerPort
    int port;

    private Api api;
    private Benchmarks benchmarks;

    @BeforeAll
    static void startSimulators() {
        timed = Simulator.start("--ttft-ms", "50", "--itl-ms", "10", "--max-output-len", "1024");
    }

    @AfterAll
    static void stopSimulators() {
        timed.close();
    }

    @BeforeEach
    void warmUp() {
        api = new Api("http://127.0.0.1:" + port);
        benchmarks = new Benchmarks(api);
        if (!warmed) {
            for (String flavour : new String[] {"completions", "chat"}) {
                benchmarks.run("{\"target\": {\"url\": \"" + timed.baseUrl() + "\"}, \"api\": \"" + flavour + "\", \"ignore_eos\": true, "
                        + "\"dataset\": {\"input_len\": 32, \"output_len\": 2}, \"load\": {\"concurrency\": 32}, \"stop\": {\"requests\": 2000}}",
                        Duration.ofMinutes(3));
            }
            warmed = true;
        }
    }

    private JsonNode measure(String flavour, int requests) {
        return benchmarks.run("{\"name\": \"accuracy " + flavour + "\", \"target\": {\"url\": \"" + timed.baseUrl() + "\"}, \"api\": \""
                + flavour + "\", \"ignore_eos\": true, \"dataset\": {\"input_len\": 32, \"output_len\": " + OUTPUT_TOKENS + "}, "
                + "\"load\": {\"concurrency\": 4}, \"stop\": {\"requests\": " + requests + ", \"warmup_requests\": 8}, "
                + "\"percentiles\": [50, 90, 99], \"slos\": {\"ttft_ms\": 1000, \"e2el_ms\": 1000}}", Duration.ofMinutes(3));
    }

    private static void assertMediansMatchTheSimulator(JsonNode results, int requests) {
        System.out.printf("accuracy %s: median TTFT %.2f ms, ITL %.2f ms, TPOT %.2f ms, E2E %.2f ms%n", results.get("backend").asString(),
                results.get("median_ttft_ms").asDouble(), results.get("median_itl_ms").asDouble(), results.get("median_tpot_ms").asDouble(),
                results.get("median_e2el_ms").asDouble());
        assertThat(results.get("completed").asLong()).isEqualTo(requests);
        assertThat(results.get("failed").asLong()).isZero();
        assertThat(results.get("total_output_tokens").asLong()).isEqualTo((long) requests * OUTPUT_TOKENS);
        assertThat(results.get("median_ttft_ms").asDouble()).as("median TTFT; the simulator's own TTFT histogram:%n%s", ttftSeenByTheSimulator())
                .isCloseTo(TTFT_MS, within(TTFT_MS * 0.05));
        assertThat(results.get("median_itl_ms").asDouble()).as("median ITL").isCloseTo(ITL_MS, within(ITL_MS * 0.05));
        assertThat(results.get("median_tpot_ms").asDouble()).as("median TPOT").isCloseTo(ITL_MS, within(ITL_MS * 0.05));
        assertThat(results.get("median_e2el_ms").asDouble()).as("median E2E").isCloseTo(E2E_MS, within(E2E_MS * 0.05));
        assertThat(results.get("p50_ttft_ms").asDouble()).isEqualTo(results.get("median_ttft_ms").asDouble());
        // Every request is good against generous SLOs; goodput equals throughput.
        assertThat(results.get("request_goodput").asDouble()).isCloseTo(results.get("request_throughput").asDouble(), within(1e-9));
        assertThat(results.get("max_concurrent_requests").asInt()).isEqualTo(4);
    }

    private static String ttftSeenByTheSimulator() {
        return timed.metrics().lines().filter(line -> line.startsWith("vllm:time_to_first_token_seconds")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void completionsStreamedFromTheSimulatorMatchItsTiming() {
        JsonNode results = measure("completions", 100);
        assertMediansMatchTheSimulator(results, 100);
        assertThat(results.get("backend").asString()).isEqualTo("openai");
        assertThat(results.get("model_id").asString()).isEqualTo("simulator/tiny-chat");
        assertThat(results.get("total_input_tokens").asLong()).as("the simulator's own prompt counts").isEqualTo(100 * 32);
        assertThat(results.get("partial").asBoolean()).isFalse();
        assertThat(results.get("steps")).hasSize(1);
    }

    @Test
    void chatStreamedFromTheSimulatorMatchesItsTiming() {
        JsonNode results = measure("chat", 60);
        assertMediansMatchTheSimulator(results, 60);
        assertThat(results.get("backend").asString()).isEqualTo("openai-chat");
    }
}
