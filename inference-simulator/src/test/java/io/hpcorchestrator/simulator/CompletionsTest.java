package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CompletionsTest {

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aCompletionHasTheRequestedLengthAndItsUsageCountsTheTokens() {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.post("/v1/completions", """
                {"model": "simulator/tiny-chat", "prompt": "Hello, world! How are you?", "max_tokens": 12}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = RunningSimulator.json(response.body());
        assertThat(body.get("id").asString()).startsWith("cmpl-");
        assertThat(body.get("object").asString()).isEqualTo("text_completion");
        assertThat(body.get("model").asString()).isEqualTo("simulator/tiny-chat");
        assertThat(body.get("created").asLong()).isPositive();
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
        assertThat(Tokenizer.count(choice.get("text").asString())).isEqualTo(12);
        assertThat(choice.get("text").asString()).startsWith(" ");
        // Hello , world ! How are you ?
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(12);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void aChatCompletionAnswersAsTheAssistantAndCountsTheTemplatedConversation() {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.post("/v1/chat/completions", """
                {"model": "simulator/tiny-chat", "max_tokens": 7,
                 "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there!"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = RunningSimulator.json(response.body());
        assertThat(body.get("id").asString()).startsWith("chatcmpl-");
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(Tokenizer.count(choice.get("message").get("content").asString())).isEqualTo(7);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
        // <|system|> Be brief . <|user|> Hi there ! <|assistant|>: 5 + 3 + 5 + 3 + 5
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(21);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(7);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(28);
    }

    @Test
    void theSameRequestGetsTheSameTextAndALongerOneContinuesIt() {
        simulator = RunningSimulator.start();

        String first = text(simulator.post("/v1/completions", """
                {"prompt": "Tell me about SLURM", "max_tokens": 10}"""));
        String again = text(simulator.post("/v1/completions", """
                {"prompt": "Tell me about SLURM", "max_tokens": 10}"""));
        String longer = text(simulator.post("/v1/completions", """
                {"prompt": "Tell me about SLURM", "max_tokens": 30}"""));
        String otherPrompt = text(simulator.post("/v1/completions", """
                {"prompt": "Tell me about Kubernetes", "max_tokens": 10}"""));
        String otherSeed = text(simulator.post("/v1/completions", """
                {"prompt": "Tell me about SLURM", "max_tokens": 10, "seed": 7}"""));

        assertThat(again).isEqualTo(first);
        assertThat(longer).startsWith(first);
        assertThat(otherPrompt).isNotEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void theModelStopsAtItsNaturalLengthUnlessIgnoreEosOrMinTokensSayOtherwise() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(0), Latency.fixed(0))
                .withMaxOutputLen(5));

        JsonNode natural = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "a", "max_tokens": 10}""").body());
        JsonNode ignoreEos = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "a", "max_tokens": 10, "ignore_eos": true}""").body());
        JsonNode minTokens = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "a", "max_tokens": 10, "min_tokens": 8}""").body());
        JsonNode shorter = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "a", "max_tokens": 3}""").body());

        assertThat(natural.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(natural.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(ignoreEos.at("/usage/completion_tokens").asInt()).isEqualTo(10);
        assertThat(ignoreEos.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(minTokens.at("/usage/completion_tokens").asInt()).isEqualTo(8);
        assertThat(minTokens.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(shorter.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(shorter.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void withoutMaxTokensCompletionsWriteSixteenTokensAndChatUntilTheNaturalLength() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(0), Latency.fixed(0))
                .withMaxOutputLen(40));

        JsonNode completion = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "Once upon a time"}""").body());
        JsonNode chat = RunningSimulator.json(simulator.post("/v1/chat/completions", """
                {"messages": [{"role": "user", "content": "Tell a story"}]}""").body());

        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(16);
        assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(chat.at("/usage/completion_tokens").asInt()).isEqualTo(40);
        assertThat(chat.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aModelFieldIsOptionalAndAnyServedNameIsAccepted() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(0), Latency.fixed(0))
                .withModels(java.util.List.of("org/base", "alias")));

        JsonNode withoutModel = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": "x", "max_tokens": 1}""").body());
        JsonNode alias = RunningSimulator.json(simulator.post("/v1/completions", """
                {"model": "alias", "prompt": "x", "max_tokens": 1}""").body());

        assertThat(withoutModel.get("model").asString()).isEqualTo("org/base");
        assertThat(alias.get("model").asString()).isEqualTo("alias");
    }

    @Test
    void promptsMayBeTokenIdsAndChatContentMayBeTextParts() {
        simulator = RunningSimulator.start();

        JsonNode ids = RunningSimulator.json(simulator.post("/v1/completions", """
                {"prompt": [101, 2023, 2003, 1037], "max_tokens": 2}""").body());
        JsonNode parts = RunningSimulator.json(simulator.post("/v1/chat/completions", """
                {"max_tokens": 2, "messages": [{"role": "user",
                  "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": " there"}]}]}""").body());

        assertThat(ids.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        // <|user|> Hi there <|assistant|>
        assertThat(parts.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
    }

    private static String text(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningSimulator.json(response.body()).at("/choices/0/text").asString();
    }
}
