package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final String MODEL_LABEL = "model_name=\"simulator/tiny-chat\"";

    private RunningSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void exposesVllmsMetricNamesLabelledWithTheModelName() {
        simulator = RunningSimulator.start();

        HttpResponse<String> response = simulator.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        String text = response.body();
        for (String gauge : List.of("vllm:num_requests_running", "vllm:num_requests_waiting")) {
            assertThat(text).contains("# TYPE " + gauge + " gauge\n").contains(gauge + "{" + MODEL_LABEL + "} ");
        }
        for (String counter : List.of("vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:request_success_total")) {
            assertThat(text).contains("# TYPE " + counter + " counter\n").contains(counter + "{" + MODEL_LABEL);
        }
        for (String reason : List.of("stop", "length", "abort")) {
            assertThat(text).contains("vllm:request_success_total{" + MODEL_LABEL + ",finished_reason=\"" + reason + "\"} 0.0");
        }
        for (String histogram : List.of("vllm:time_to_first_token_seconds", "vllm:e2e_request_latency_seconds",
                "vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds",
                "vllm:request_time_per_output_token_seconds", "vllm:request_queue_time_seconds",
                "vllm:request_prompt_tokens", "vllm:request_generation_tokens")) {
            assertThat(text).contains("# TYPE " + histogram + " histogram\n")
                    .contains(histogram + "_bucket{" + MODEL_LABEL + ",le=\"+Inf\"} ")
                    .contains(histogram + "_count{" + MODEL_LABEL + "} ")
                    .contains(histogram + "_sum{" + MODEL_LABEL + "} ");
        }
        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .allSatisfy(line -> assertThat(line).matches("vllm:[a-z0-9_]+\\{" + MODEL_LABEL + "(,[a-z_]+=\"[^\"]*\")?} \\d+(\\.\\d+)?(E-?\\d+)?"));
    }

    @Test
    void countsTokensAndRequestsAsTheyAreServed() {
        simulator = RunningSimulator.start();

        simulator.post("/v1/completions", "{\"prompt\": \"Hello, world! How are you?\", \"max_tokens\": 12}");
        simulator.post("/v1/chat/completions", """
                {"max_tokens": 5, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there!"}]}""");
        String text = simulator.metrics();

        assertThat(RunningSimulator.metricIn(text, "vllm:prompt_tokens_total")).isEqualTo(8 + 21);
        assertThat(RunningSimulator.metricIn(text, "vllm:generation_tokens_total")).isEqualTo(12 + 5);
        assertThat(RunningSimulator.metricIn(text, "vllm:request_success_total", "finished_reason", "length")).isEqualTo(2);
        assertThat(RunningSimulator.metricIn(text, "vllm:request_success_total", "finished_reason", "stop")).isZero();
        assertThat(RunningSimulator.metricIn(text, "vllm:time_to_first_token_seconds_count")).isEqualTo(2);
        assertThat(RunningSimulator.metricIn(text, "vllm:e2e_request_latency_seconds_count")).isEqualTo(2);
        assertThat(RunningSimulator.metricIn(text, "vllm:inter_token_latency_seconds_count")).isEqualTo(11 + 4);
        assertThat(RunningSimulator.metricIn(text, "vllm:request_prompt_tokens_sum")).isEqualTo(29);
        assertThat(RunningSimulator.metricIn(text, "vllm:request_generation_tokens_sum")).isEqualTo(17);
        assertThat(RunningSimulator.metricIn(text, "vllm:request_generation_tokens_bucket", "le", "10.0")).isEqualTo(1);
    }

    @Test
    void theFirstServedNameLabelsTheMetricsEscapedForPrometheus() {
        simulator = RunningSimulator.start(SimulatorConfig.defaults().withModels(List.of("odd \"name\"", "alias")));

        assertThat(simulator.metrics()).contains("vllm:num_requests_running{model_name=\"odd \\\"name\\\"\"} 0.0");
    }
}
