package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Refusals with vLLM's status codes and its {@code {"error": {...}}} body. */
class ErrorResponsesTest {

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/completions", "/v1/chat/completions"})
    void anUnknownModelIsA404InOpenAiErrorFormat(String path) {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.post(path, """
                {"model": "gpt-4", "prompt": "hi", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = RunningSimulator.json(response.body()).get("error");
        assertThat(error.get("message").asString()).isEqualTo("The model `gpt-4` does not exist.");
        assertThat(error.get("type").asString()).isEqualTo("NotFoundError");
        assertThat(error.get("param").asString()).isEqualTo("model");
        assertThat(error.get("code").asInt()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/completions", "/v1/chat/completions"})
    void malformedJsonIsA400(String path) {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.post(path, "{\"prompt\": \"unterminated");

        assertBadRequest(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2, 3]",
        "{\"max_tokens\": 5}",
        "{\"prompt\": \"\"}",
        "{\"prompt\": 42}",
        "{\"prompt\": \"x\", \"max_tokens\": \"ten\"}",
        "{\"prompt\": \"x\", \"max_tokens\": 0}",
        "{\"prompt\": \"x\", \"max_tokens\": 2, \"min_tokens\": 3}",
        "{\"prompt\": \"x\", \"stream\": \"yes\"}",
        "{\"prompt\": \"x\", \"stream_options\": {\"include_usage\": true}}",
        "{\"prompt\": \"x\", \"n\": 2}",
        "{\"prompt\": [\"one\", \"two\"]}"
    })
    void completionRequestsMissingOrMistypingFieldsAre400(String body) {
        simulator = RunningSimulator.start();

        assertBadRequest(simulator.post("/v1/completions", body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\": \"simulator/tiny-chat\"}",
        "{\"messages\": []}",
        "{\"messages\": [{\"content\": \"no role\"}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"x\"}}]}]}"
    })
    void chatRequestsMissingOrMistypingFieldsAre400(String body) {
        simulator = RunningSimulator.start();

        assertBadRequest(simulator.post("/v1/chat/completions", body));
    }

    @Test
    void withoutAChatTemplateChatIsA400LikeVllmAndCompletionsStillWork() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withChatTemplate(false));

        HttpResponse<String> chat = simulator.post("/v1/chat/completions", """
                {"model": "simulator/tiny-chat", "messages": [{"role": "user", "content": "hi"}]}""");
        HttpResponse<String> completion = simulator.post("/v1/completions", """
                {"model": "simulator/tiny-chat", "prompt": "hi", "max_tokens": 1}""");

        assertBadRequest(chat);
        assertThat(RunningSimulator.json(chat.body()).at("/error/message").asString()).contains("chat template");
        assertThat(completion.statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestBeyondTheContextLengthIsA400() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withMaxModelLen(10));

        HttpResponse<String> tooMuchOutput = simulator.post("/v1/completions", """
                {"prompt": "one two three four five six seven eight", "max_tokens": 5}""");
        HttpResponse<String> tooLongPrompt = simulator.post("/v1/completions", """
                {"prompt": "1 2 3 4 5 6 7 8 9 10 11"}""");

        assertBadRequest(tooMuchOutput);
        assertThat(RunningSimulator.json(tooMuchOutput.body()).at("/error/message").asString())
                .contains("maximum context length is 10 tokens");
        assertBadRequest(tooLongPrompt);
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        simulator = RunningSimulator.start();

        assertThat(simulator.get("/v1/engines").statusCode()).isEqualTo(404);
        assertThat(simulator.get("/v1/models/simulator").statusCode()).isEqualTo(404);
        assertThat(simulator.get("/v1/completions").statusCode()).isEqualTo(405);
        assertThat(simulator.post("/v1/models", "{}").statusCode()).isEqualTo(405);
    }

    private static void assertBadRequest(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = RunningSimulator.json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("BadRequestError");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asString()).isNotBlank();
    }
}
