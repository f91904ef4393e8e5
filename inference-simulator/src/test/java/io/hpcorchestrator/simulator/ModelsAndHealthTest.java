package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelsAndHealthTest {

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void listsEveryServedModelInOpenAiFormatWithItsContextLength() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withModels(List.of("org/model-a", "alias-b"))
                .withMaxModelLen(4096));

        HttpResponse<String> response = simulator.get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = RunningSimulator.json(response.body());
        assertThat(body.get("object").asString()).isEqualTo("list");
        assertThat(body.get("data")).extracting(model -> model.get("id").asString()).containsExactly("org/model-a", "alias-b");
        assertThat(body.get("data")).allSatisfy(model -> {
            assertThat(model.get("object").asString()).isEqualTo("model");
            assertThat(model.get("owned_by").asString()).isEqualTo("vllm");
            assertThat(model.get("created").asLong()).isPositive().isLessThanOrEqualTo(Instant.now().getEpochSecond());
            assertThat(model.get("max_model_len").asInt()).isEqualTo(4096);
            assertThat(model.get("root").asString()).isEqualTo("org/model-a");
        });
    }

    @Test
    void theDefaultModelIsTheTinySimulatedChatModel() {
        simulator = RunningSimulator.start();

        JsonNode body = RunningSimulator.json(simulator.get("/v1/models").body());

        assertThat(body.at("/data/0/id").asString()).isEqualTo("simulator/tiny-chat");
        assertThat(body.get("data")).hasSize(1);
    }

    @Test
    void healthAnswers200() {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }
}
