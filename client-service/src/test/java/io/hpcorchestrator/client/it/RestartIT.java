package io.hpcorchestrator.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.JarProcess;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged client with its default file-backed H2 database, stopped in the middle of a benchmark: killed
 * ({@code kill -9}) or stopped ({@code SIGTERM}). Started again on the same database, the benchmark has ended
 * INTERRUPTED, with results from the requests it had stored; one that was still queued is INTERRUPTED too, not run.
 */
class RestartIT {

    private static Simulator simulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        simulator = Simulator.start("--ttft-ms", "20", "--itl-ms", "5");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private JarProcess client(Path jar) {
        return JarProcess.start(jar, dir, "client.log", Map.of("HPC_DATA_DIR", dir.resolve("data").toString(), "HPC_TOKENS", TestTokens.HPC_TOKENS),
                List.of("--hpc.client.server.url=http://127.0.0.1:" + Simulator.freePort()));
    }

    private static String longBenchmark() {
        return "{\"target\": {\"url\": \"" + simulator.baseUrl() + "\"}, \"dataset\": {\"input_len\": 16, \"output_len\": 4}, "
                + "\"load\": {\"request_rate\": 20}, \"stop\": {\"requests\": 5000}}";
    }

    private void stoppedMidRunEndsInterruptedWithWhatItMeasured(boolean kill) {
        Path jar = JarProcess.clientJar(dir);
        String running;
        String queued;
        try (JarProcess first = client(jar)) {
            Api api = new Api(first.baseUrl());
            running = api.expect(201, "POST", "/api/v1/benchmarks", longBenchmark()).get("id").asString();
            queued = api.expect(201, "POST", "/api/v1/benchmarks", longBenchmark()).get("id").asString();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(api.expect(200, "GET", "/api/v1/benchmarks/" + running, null).at("/progress/requests_done").asLong())
                            .isGreaterThanOrEqualTo(40));
            if (kill) {
                first.kill();
            } else {
                first.stop();
            }
        }
        try (JarProcess second = client(jar)) {
            Api api = new Api(second.baseUrl());
            JsonNode view = api.expect(200, "GET", "/api/v1/benchmarks/" + running, null);
            assertThat(view.get("status").asString()).isEqualTo("INTERRUPTED");
            assertThat(view.get("reason").asString()).contains("stopped during the run");
            assertThat(view.get("ended_at").isNull()).isFalse();
            JsonNode results = api.expect(200, "GET", "/api/v1/benchmarks/" + running + "/results", null);
            assertThat(results.get("partial").asBoolean()).isTrue();
            assertThat(results.get("completed").asLong()).isBetween(30L, 4999L);
            assertThat(results.get("median_ttft_ms").asDouble()).isBetween(20.0, 200.0);
            long stored = results.get("completed").asLong() + results.get("failed").asLong();
            assertThat(api.call("GET", "/api/v1/benchmarks/" + running + "/results.csv", null).text().split("\r\n")).hasSize(1 + (int) stored);
            assertThat(api.call("GET", "/api/v1/benchmarks/" + running + "/report", null).status()).isEqualTo(200);

            JsonNode waiting = api.expect(200, "GET", "/api/v1/benchmarks/" + queued, null);
            assertThat(waiting.get("status").asString()).isEqualTo("INTERRUPTED");
            assertThat(waiting.get("reason").asString()).contains("before the benchmark started");
        }
    }

    @Test
    void aKilledClientLeavesItsBenchmarkInterruptedWithItsResults() {
        stoppedMidRunEndsInterruptedWithWhatItMeasured(true);
    }

    @Test
    void aStoppedClientEndsItsBenchmarkInterruptedWithItsResults() {
        stoppedMidRunEndsInterruptedWithWhatItMeasured(false);
    }
}
