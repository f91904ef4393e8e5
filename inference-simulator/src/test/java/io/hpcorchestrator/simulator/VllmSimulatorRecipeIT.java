package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs the command of {@code recipes/inference/vllm-simulator.yaml} the way the bare-metal runtime does:
 * with the recipe's environment exported, HPC_SERVICE_PORT set by the job and {@code java} from the PATH.
 */
class VllmSimulatorRecipeIT {

    @Test
    void theRecipesCommandStartsTheJarWithItsSettings(@TempDir Path tmp) throws Exception {
        Recipe recipe = Recipe.read();
        int port = SimulatorProcess.freePort();
        Map<String, String> environment = new HashMap<>(recipe.environment());
        environment.put("HPC_SERVICE_PORT", Integer.toString(port));
        environment.put("SIMULATOR_JAR", SimulatorProcess.jar().toAbsolutePath().toString());
        environment.put("SIMULATOR_MODEL", "sim/one,sim/two");
        environment.put("SIMULATOR_TTFT_MS", "5");
        environment.put("SIMULATOR_MAX_NUM_SEQS", "3");
        environment.put("SIMULATOR_EXTRA_ARGS", "--itl-ms 2 --seed 9");

        try (SimulatorProcess simulator = SimulatorProcess.start(recipe.command(), environment, tmp.resolve("out.log"))) {
            simulator.awaitHealthy(port);
            System.out.printf("recipe command answered /health; resident memory: %s%n", residentMemory(simulator.pid()));
            RunningClient client = new RunningClient(port);

            JsonNode models = RunningSimulator.json(client.get("/v1/models").body());
            List<ServerSentEvents.Event> events;
            try (ServerSentEvents stream = new ServerSentEvents(client.postStreaming("/v1/chat/completions", """
                    {"model": "sim/two", "max_tokens": 4, "stream": true,
                     "messages": [{"role": "user", "content": "hi"}]}""").body())) {
                events = stream.readAll();
            }

            assertThat(models.get("data")).extracting(model -> model.get("id").asString()).containsExactly("sim/one", "sim/two");
            assertThat(models.at("/data/0/max_model_len").asInt()).isEqualTo(2048);
            assertThat(events).hasSize(1 + 4 + 1);
            assertThat(simulator.output()).contains("max-num-seqs 3").contains("itl 2 ms").contains("ttft 5 ms");
            assertThat(client.get("/metrics").body()).contains("vllm:generation_tokens_total{model_name=\"sim/one\"} 4.0");
        }
    }

    @Test
    void withoutTheJarTheJobFailsAndSaysWhere(@TempDir Path tmp) throws Exception {
        Recipe recipe = Recipe.read();
        Map<String, String> environment = new HashMap<>(recipe.environment());
        environment.put("HPC_SERVICE_PORT", Integer.toString(SimulatorProcess.freePort()));
        environment.put("SIMULATOR_JAR", tmp.resolve("missing.jar").toString());

        try (SimulatorProcess simulator = SimulatorProcess.start(recipe.command(), environment, tmp.resolve("out.log"))) {
            assertThat(simulator.awaitExit()).isEqualTo(1);
            assertThat(simulator.output()).contains("no simulator jar at " + tmp.resolve("missing.jar"));
        }
    }

    /** The two parts of the recipe this test needs. */
    private record Recipe(List<String> command, Map<String, String> environment) {

        static Recipe read() throws Exception {
            String root = System.getProperty("hpc.recipes.root", "../recipes");
            JsonNode yaml = new YAMLMapper().readTree(Files.readString(Path.of(root, "inference", "vllm-simulator.yaml")));
            List<String> command = new ArrayList<>();
            yaml.at("/container/command").forEach(part -> command.add(part.asString()));
            Map<String, String> environment = new HashMap<>();
            yaml.get("environment").properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asString()));
            return new Recipe(command, environment);
        }
    }

    private static String residentMemory(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Plain HTTP to a simulator that runs in another process. */
    private record RunningClient(int port) {

        HttpResponse<String> get(String path) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<InputStream> postStreaming(String path, String body) throws Exception {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
