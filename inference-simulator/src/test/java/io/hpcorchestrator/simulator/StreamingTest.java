package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamingTest {

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void streamedTokensArriveOneByOneOnTheirSchedule() throws Exception {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(10), Latency.fixed(50)));

        HttpResponse<InputStream> response = simulator.postStreaming("/v1/completions", """
                {"prompt": "Count slowly", "max_tokens": 20, "stream": true}""");
        List<ServerSentEvents.Event> events;
        try (ServerSentEvents stream = new ServerSentEvents(response.body())) {
            events = stream.readAll();
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(events).last().matches(ServerSentEvents.Event::done, "[DONE] at the end");
        List<ServerSentEvents.Event> tokens = events.subList(0, events.size() - 1);
        assertThat(tokens).hasSize(20);
        // 19 inter-token gaps of 50 ms lie between the first and the last token; buffering would squeeze them together.
        Duration spread = Duration.ofNanos(tokens.get(19).arrivalNanos() - tokens.get(0).arrivalNanos());
        assertThat(spread).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode chunk = tokens.get(i).json();
            assertThat(chunk.get("object").asString()).isEqualTo("text_completion");
            assertThat(chunk.get("id").asString()).isEqualTo(tokens.get(0).json().get("id").asString()).startsWith("cmpl-");
            assertThat(chunk.at("/choices/0/text").asString()).isNotEmpty();
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isEqualTo(i < 19);
            assertThat(chunk.has("usage")).as("usage without include_usage").isFalse();
        }
        assertThat(tokens.get(19).json().at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void aStreamedChatStartsWithTheAssistantRoleAndSaysWhatTheWholeAnswerSays() throws Exception {
        simulator = RunningSimulator.start();
        String request = """
                {"messages": [{"role": "user", "content": "Say something"}], "max_tokens": 9%s}""";

        String whole = RunningSimulator.json(simulator.post("/v1/chat/completions", request.formatted("")).body())
                .at("/choices/0/message/content").asString();
        List<ServerSentEvents.Event> events;
        try (ServerSentEvents stream = new ServerSentEvents(
                simulator.postStreaming("/v1/chat/completions", request.formatted(", \"stream\": true")).body())) {
            events = stream.readAll();
        }

        JsonNode first = events.get(0).json();
        assertThat(first.get("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("id").asString()).startsWith("chatcmpl-");
        assertThat(first.at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(first.at("/choices/0/delta/content").asString()).isEmpty();
        List<ServerSentEvents.Event> content = events.subList(1, events.size() - 1);
        assertThat(content).hasSize(9).allSatisfy(event -> assertThat(event.json().at("/choices/0/delta").has("role")).isFalse());
        assertThat(content.stream().map(event -> event.json().at("/choices/0/delta/content").asString()).collect(Collectors.joining()))
                .isEqualTo(whole);
        assertThat(events).last().matches(ServerSentEvents.Event::done);
    }

    @Test
    void includeUsageAddsAFinalChunkWithTheUsageAndNullUsageBeforeIt() throws Exception {
        simulator = RunningSimulator.start();

        List<ServerSentEvents.Event> events;
        try (ServerSentEvents stream = new ServerSentEvents(simulator.postStreaming("/v1/completions", """
                {"prompt": "Hello, world!", "max_tokens": 6, "stream": true, "stream_options": {"include_usage": true}}""").body())) {
            events = stream.readAll();
        }

        assertThat(events).hasSize(6 + 2);
        assertThat(events.subList(0, 6)).allSatisfy(event -> {
            assertThat(event.json().has("usage")).isTrue();
            assertThat(event.json().get("usage").isNull()).isTrue();
        });
        JsonNode usageChunk = events.get(6).json();
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(6);
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(10);
        assertThat(events.get(7).done()).isTrue();
    }

    @Test
    void continuousUsageStatsCountTheTokensSoFarInEveryChunk() throws Exception {
        simulator = RunningSimulator.start();

        List<ServerSentEvents.Event> events;
        try (ServerSentEvents stream = new ServerSentEvents(simulator.postStreaming("/v1/completions", """
                {"prompt": "x", "max_tokens": 3, "stream": true,
                 "stream_options": {"include_usage": true, "continuous_usage_stats": true}}""").body())) {
            events = stream.readAll();
        }

        assertThat(events.subList(0, 3)).extracting(event -> event.json().at("/usage/completion_tokens").asInt())
                .containsExactly(1, 2, 3);
    }
}
