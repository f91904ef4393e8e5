package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --max-num-seqs}: a FIFO waiting queue in front of the running requests, as in vLLM. */
class ConcurrencyTest {

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void beyondMaxNumSeqsRequestsWaitAndAllOfThemComplete() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(50), Latency.fixed(20))
                .withMaxNumSeqs(2));

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 4)
                .mapToObj(i -> simulator.postAsync("/v1/completions",
                        "{\"prompt\": \"request " + i + "\", \"max_tokens\": 40}"))
                .toList();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = simulator.metrics();
            assertThat(RunningSimulator.metricIn(metrics, "vllm:num_requests_running")).isEqualTo(2);
            assertThat(RunningSimulator.metricIn(metrics, "vllm:num_requests_waiting")).isEqualTo(2);
        });
        assertThat(responses).allSatisfy(future -> {
            HttpResponse<String> response = future.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(RunningSimulator.json(response.body()).at("/usage/completion_tokens").asInt()).isEqualTo(40);
        });
        assertThat(simulator.metric("vllm:num_requests_running")).isZero();
        assertThat(simulator.metric("vllm:num_requests_waiting")).isZero();
        assertThat(simulator.metric("vllm:request_success_total", "finished_reason", "length")).isEqualTo(4);
        // Two of the four waited for a whole generation (about 50 + 39 * 20 ms) before their first token.
        assertThat(simulator.metric("vllm:time_to_first_token_seconds_bucket", "le", "0.5")).isEqualTo(2);
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsSlotForTheNextRequest() throws Exception {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withTiming(Latency.fixed(0), Latency.fixed(20))
                .withMaxNumSeqs(1));

        // 1000 tokens at 20 ms would hold the only slot for 20 s.
        try (ServerSentEvents stream = new ServerSentEvents(simulator.postStreaming("/v1/completions", """
                {"prompt": "a long story", "max_tokens": 1000, "stream": true}""").body())) {
            assertThat(stream.next()).isNotNull();
            assertThat(stream.next()).isNotNull();
            assertThat(simulator.metric("vllm:num_requests_running")).isEqualTo(1);
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(simulator.metric("vllm:num_requests_running")).isZero();
            assertThat(simulator.metric("vllm:request_success_total", "finished_reason", "abort")).isEqualTo(1);
        });
        assertThat(simulator.metric("vllm:generation_tokens_total")).isLessThan(1000);
        HttpResponse<String> next = simulator.post("/v1/completions", "{\"prompt\": \"next\", \"max_tokens\": 2}");
        assertThat(next.statusCode()).isEqualTo(200);
    }
}
