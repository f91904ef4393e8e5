package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar inference-simulator-*.jar}: the packaged jar runs on its own. */
class ExecutableJarIT {

    @Test
    void theJarServesOnTheJobsPortAndSaysWhatItSimulates(@TempDir Path tmp) throws Exception {
        int port = SimulatorProcess.freePort();
        try (SimulatorProcess simulator = SimulatorProcess.start(
                List.of("java", "-Xmx128m", "-jar", SimulatorProcess.jar().toString(), "--ttft-ms", "5"),
                Map.of("HPC_SERVICE_PORT", Integer.toString(port)), tmp.resolve("out.log"))) {
            Duration ready = simulator.awaitHealthy(port);
            System.out.printf("simulator jar answered /health %d ms after the process started%n", ready.toMillis());

            HttpResponse<String> completion = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"hi\", \"max_tokens\": 3}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(completion.statusCode()).isEqualTo(200);
            assertThat(RunningSimulator.json(completion.body()).at("/usage/completion_tokens").asInt()).isEqualTo(3);
            assertThat(simulator.output()).contains("simulating vLLM's OpenAI API").contains(":" + port);
        }
    }

    @Test
    void helpListsTheFlagsAndAnUnknownFlagExitsWithUsageStatus(@TempDir Path tmp) throws Exception {
        try (SimulatorProcess help = SimulatorProcess.start(
                List.of("java", "-jar", SimulatorProcess.jar().toString(), "--help"), Map.of(), tmp.resolve("help.log"))) {
            assertThat(help.awaitExit()).isZero();
            assertThat(help.output()).contains("--max-num-seqs").contains("SIMULATOR_ITL_MS");
        }
        try (SimulatorProcess wrong = SimulatorProcess.start(
                List.of("java", "-jar", SimulatorProcess.jar().toString(), "--gpus", "8"), Map.of(), tmp.resolve("wrong.log"))) {
            assertThat(wrong.awaitExit()).isEqualTo(2);
            assertThat(wrong.output()).contains("unknown option --gpus");
        }
    }
}
