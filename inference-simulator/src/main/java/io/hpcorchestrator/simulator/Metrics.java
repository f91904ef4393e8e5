package io.hpcorchestrator.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * vLLM's Prometheus metrics, with vLLM's names, help texts, buckets and the {@code model_name} label (the
 * first served model name), so dashboards and scrapers written for vLLM work unchanged. Times are from the
 * simulated engine's point of view: TTFT and end-to-end latency count from the request's arrival, so time
 * spent waiting for a slot is part of them, as in vLLM.
 */
final class Metrics {

    static final List<String> FINISH_REASONS = List.of("stop", "length", "abort");

    private static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
        1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] TOKEN_LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
        0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] REQUEST_LATENCY_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0,
        30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    private static final double NANOS_PER_SECOND = 1e9;

    private final String labels;
    private final Admission admission;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generationTokens = new LongAdder();
    private final Map<String, LongAdder> finished = new LinkedHashMap<>();
    private final Histogram timeToFirstToken = new Histogram(TTFT_BUCKETS);
    private final Histogram interTokenLatency = new Histogram(TOKEN_LATENCY_BUCKETS);
    private final Histogram timePerOutputToken = new Histogram(TOKEN_LATENCY_BUCKETS);
    private final Histogram requestTimePerOutputToken = new Histogram(TOKEN_LATENCY_BUCKETS);
    private final Histogram e2eLatency = new Histogram(REQUEST_LATENCY_BUCKETS);
    private final Histogram queueTime = new Histogram(REQUEST_LATENCY_BUCKETS);
    private final Histogram requestPromptTokens;
    private final Histogram requestGenerationTokens;

    Metrics(String modelName, int maxModelLen, Admission admission) {
        this.labels = "model_name=\"" + escape(modelName) + "\"";
        this.admission = admission;
        this.requestPromptTokens = Histogram.oneTwoFive(maxModelLen);
        this.requestGenerationTokens = Histogram.oneTwoFive(maxModelLen);
        FINISH_REASONS.forEach(reason -> finished.put(reason, new LongAdder()));
    }

    void admitted(int prompt, long queueNanos) {
        promptTokens.add(prompt);
        requestPromptTokens.observe(prompt);
        queueTime.observe(queueNanos / NANOS_PER_SECOND);
    }

    void firstToken(long sinceArrivalNanos) {
        generationTokens.increment();
        timeToFirstToken.observe(sinceArrivalNanos / NANOS_PER_SECOND);
    }

    void nextToken(long sincePreviousNanos) {
        generationTokens.increment();
        interTokenLatency.observe(sincePreviousNanos / NANOS_PER_SECOND);
        timePerOutputToken.observe(sincePreviousNanos / NANOS_PER_SECOND);
    }

    void finished(String reason, int outputTokens, long sinceArrivalNanos, long decodeNanos) {
        finished.get(reason).increment();
        requestGenerationTokens.observe(outputTokens);
        e2eLatency.observe(sinceArrivalNanos / NANOS_PER_SECOND);
        if (outputTokens > 1) {
            requestTimePerOutputToken.observe(decodeNanos / NANOS_PER_SECOND / (outputTokens - 1));
        }
    }

    void aborted() {
        finished.get("abort").increment();
    }

    String render() {
        StringBuilder out = new StringBuilder(16 * 1024);
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", admission.running());
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", admission.waiting());
        counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", promptTokens.sum());
        counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", generationTokens.sum());
        out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n");
        out.append("# TYPE vllm:request_success_total counter\n");
        finished.forEach((reason, count) -> out.append("vllm:request_success_total{").append(labels)
                .append(",finished_reason=\"").append(reason).append("\"} ").append((double) count.sum()).append('\n'));
        timeToFirstToken.render(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels);
        interTokenLatency.render(out, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels);
        timePerOutputToken.render(out, "vllm:time_per_output_token_seconds",
                "Histogram of time per output token in seconds. (Older name of vllm:inter_token_latency_seconds.)", labels);
        requestTimePerOutputToken.render(out, "vllm:request_time_per_output_token_seconds",
                "Histogram of time_per_output_token_seconds per request.", labels);
        e2eLatency.render(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels);
        queueTime.render(out, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", labels);
        requestPromptTokens.render(out, "vllm:request_prompt_tokens", "Number of prefill tokens processed.", labels);
        requestGenerationTokens.render(out, "vllm:request_generation_tokens", "Number of generation tokens processed.", labels);
        return out.toString();
    }

    private void gauge(StringBuilder out, String name, String help, double value) {
        sample(out, name, help, "gauge", value);
    }

    private void counter(StringBuilder out, String name, String help, double value) {
        sample(out, name, help, "counter", value);
    }

    private void sample(StringBuilder out, String name, String help, String type, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    /** Label values escape backslash, double quote and newline (Prometheus text format 0.0.4). */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
