package io.hpcorchestrator.client.metrics;

import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.RequestRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one load step, with the definitions of vLLM's {@code benchmark_serving.py} and its result keys:
 * TTFT, TPOT ({@code (e2el - ttft) / (output_tokens - 1)}, for requests of more than one token), ITL (every gap
 * between content chunks of every request), E2E latency; throughput over the step's duration (first send to last
 * answer); goodput against the SLOs. Only successful requests enter the latencies, as in vLLM; failures are
 * counted by kind.
 *
 * <p>Beyond vLLM, for open loops: {@code intended_ttft} and {@code intended_e2el} count from the intended send time
 * (they include any wait for a {@code max_concurrency} slot, so coordinated omission cannot hide queueing), and
 * {@code send_delay} is how late requests left against the schedule. Not thread-safe.
 */
public final class StepMetrics {

    /** The latencies reported, in vLLM's order, then the client's own. */
    public static final List<String> LATENCIES = List.of("ttft", "tpot", "itl", "e2el", "intended_ttft", "intended_e2el", "send_delay");

    private final int step;
    private final LoadStep load;
    private final List<Double> percentiles;
    private final Map<String, Double> slos;
    private final Map<String, LatencyRecorder> latencies = new LinkedHashMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private final Map<Long, Double> outputTokensBySecond = new HashMap<>();
    private final List<long[]> spans = new ArrayList<>();
    private long completed;
    private long failed;
    private long good;
    private long inputTokens;
    private long outputTokens;
    private long lastEndUs;

    public StepMetrics(int step, LoadStep load, List<Double> percentiles, Map<String, Double> slos) {
        this.step = step;
        this.load = load;
        this.percentiles = percentiles;
        this.slos = slos;
        LATENCIES.forEach(name -> latencies.put(name, new LatencyRecorder()));
    }

    public void add(RequestRecord record) {
        spans.add(new long[] {record.sentUs(), record.endUs()});
        lastEndUs = Math.max(lastEndUs, record.endUs());
        latencies.get("send_delay").record(record.sendDelayUs());
        if (!record.success()) {
            failed++;
            errors.merge(record.errorKind(), 1L, Long::sum);
            return;
        }
        completed++;
        inputTokens += record.promptTokens();
        outputTokens += record.outputTokens();
        latencies.get("ttft").record(record.ttftUs());
        if (record.outputTokens() > 1) {
            latencies.get("tpot").record(record.tpotUs());
        }
        LatencyRecorder itl = latencies.get("itl");
        for (int gap : record.itlUs()) {
            itl.record(gap);
        }
        latencies.get("e2el").record(record.e2elUs());
        latencies.get("intended_ttft").record(record.intendedTtftUs());
        latencies.get("intended_e2el").record(record.intendedE2elUs());
        if (isGood(record)) {
            good++;
        }
        countTokensBySecond(record);
    }

    private boolean isGood(RequestRecord record) {
        for (Map.Entry<String, Double> slo : slos.entrySet()) {
            double valueMs = switch (slo.getKey()) {
                case "ttft_ms" -> record.ttftUs() / 1000.0;
                case "tpot_ms" -> record.tpotUs() / 1000.0;
                case "e2el_ms" -> record.e2elUs() / 1000.0;
                default -> throw new IllegalArgumentException("unknown SLO metric " + slo.getKey());
            };
            if (valueMs > slo.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Each content chunk's share of the request's output tokens, in the second of the step it arrived in. */
    private void countTokensBySecond(RequestRecord record) {
        int[] itl = record.itlUs();
        double perChunk = (double) record.outputTokens() / (itl.length + 1);
        long at = record.sentUs() + record.ttftUs();
        outputTokensBySecond.merge(at / 1_000_000, perChunk, Double::sum);
        for (int gap : itl) {
            at += gap;
            outputTokensBySecond.merge(at / 1_000_000, perChunk, Double::sum);
        }
    }

    public LatencyRecorder latency(String name) {
        return latencies.get(name);
    }

    public long completed() {
        return completed;
    }

    public long failed() {
        return failed;
    }

    /**
     * The step's result with vLLM's keys, in vLLM's order where it has them.
     *
     * @param durationUs the step's duration; when unknown (a run interrupted mid-step) the last answer's end is used
     */
    public Map<String, Object> result(Long durationUs) {
        double duration = Math.max(1, durationUs != null ? durationUs : lastEndUs) / 1e6;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step", step);
        result.put("load", load.label());
        result.put("request_rate", load.isClosedLoop() ? null : load.isAllAtOnce() ? "inf" : load.requestRate());
        result.put("burstiness", load.isClosedLoop() ? null : load.burstiness());
        result.put("max_concurrency", load.isClosedLoop() ? load.concurrency() : load.maxConcurrency());
        result.put("concurrency", load.concurrency());
        result.put("duration", duration);
        result.put("completed", completed);
        result.put("failed", failed);
        result.put("errors", new LinkedHashMap<>(errors));
        result.put("total_input_tokens", inputTokens);
        result.put("total_output_tokens", outputTokens);
        result.put("request_throughput", completed / duration);
        result.put("request_goodput", slos.isEmpty() ? null : good / duration);
        result.put("output_throughput", outputTokens / duration);
        result.put("total_token_throughput", (inputTokens + outputTokens) / duration);
        result.put("max_output_tokens_per_s", outputTokensBySecond.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        result.put("max_concurrent_requests", maxConcurrent());
        for (String name : LATENCIES) {
            LatencyRecorder latency = latencies.get(name);
            result.put("mean_" + name + "_ms", latency.meanMs());
            result.put("median_" + name + "_ms", latency.percentileMs(50));
            result.put("std_" + name + "_ms", latency.stdMs());
            for (double percentile : percentiles) {
                result.put("p" + percentileLabel(percentile) + "_" + name + "_ms", latency.percentileMs(percentile));
            }
        }
        if (!slos.isEmpty()) {
            result.put("slos", new LinkedHashMap<>(slos));
            result.put("good_completed", good);
        }
        return result;
    }

    /** The most requests in flight at once: sends and ends swept in time order, an end before a send at the same instant. */
    private int maxConcurrent() {
        long[] events = new long[spans.size() * 2];
        int i = 0;
        for (long[] span : spans) {
            events[i++] = span[0] * 2 + 1;
            events[i++] = span[1] * 2;
        }
        java.util.Arrays.sort(events);
        int current = 0;
        int max = 0;
        for (long event : events) {
            current += (event & 1) == 1 ? 1 : -1;
            max = Math.max(max, current);
        }
        return max;
    }

    /** vLLM's key spelling: {@code 99} for 99.0, {@code 99.9} otherwise. */
    public static String percentileLabel(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }
}
