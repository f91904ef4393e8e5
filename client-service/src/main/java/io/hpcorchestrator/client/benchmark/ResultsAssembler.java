package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.ApiFlavour;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.RequestRecord;
import io.hpcorchestrator.client.metrics.StepMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A benchmark's results from its stored request records: one object per load step with vLLM's keys, and for a
 * benchmark of one step the same keys at the top level too, so its JSON reads like {@code vllm bench serve
 * --save-result} output. Always computed from what is stored, so results after a cancel or a restart are the same
 * computation on fewer records.
 */
final class ResultsAssembler {

    private ResultsAssembler() {
    }

    /** The per-step figures, each kept with its histograms for the report. */
    static Map<Integer, StepMetrics> metrics(LoadPlan plan, List<BenchmarkRepository.StepRow> steps, Consumer<Consumer<RequestRecord>> requests) {
        Map<Integer, StepMetrics> metrics = new TreeMap<>();
        for (BenchmarkRepository.StepRow step : steps) {
            if (step.step() < plan.steps().size()) {
                metrics.put(step.step(), new StepMetrics(step.step(), plan.steps().get(step.step()), plan.percentiles(), plan.slos()));
            }
        }
        requests.accept(record -> {
            StepMetrics step = metrics.get(record.step());
            if (step != null) {
                step.add(record);
            }
        });
        return metrics;
    }

    static Map<String, Object> assemble(BenchmarkRecord benchmark, LoadPlan plan, List<BenchmarkRepository.StepRow> steps,
            Map<Integer, StepMetrics> metrics) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark_id", benchmark.id());
        results.put("name", benchmark.name());
        results.put("status", benchmark.status().name());
        results.put("partial", benchmark.status() != BenchmarkStatus.COMPLETED);
        results.put("date", benchmark.startedAt() == null ? null : benchmark.startedAt().toString());
        results.put("backend", plan.api() == ApiFlavour.CHAT ? "openai-chat" : "openai");
        results.put("base_url", plan.baseUrl());
        results.put("model_id", benchmark.model() != null ? benchmark.model() : plan.model());
        results.put("stream", plan.stream());
        results.put("num_prompts", plan.stop().requests());
        results.put("duration_seconds_per_step", plan.stop().durationSeconds());
        results.put("percentiles", plan.percentiles());
        List<Map<String, Object>> stepResults = new ArrayList<>();
        for (BenchmarkRepository.StepRow step : steps) {
            StepMetrics stepMetrics = metrics.get(step.step());
            if (stepMetrics != null) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("started_at", step.startedAt().toString());
                result.putAll(stepMetrics.result(step.durationUs()));
                stepResults.add(result);
            }
        }
        if (plan.steps().size() == 1 && stepResults.size() == 1) {
            stepResults.get(0).forEach((key, value) -> {
                if (!key.equals("step") && !key.equals("started_at")) {
                    results.put(key, value);
                }
            });
        }
        results.put("steps", stepResults);
        return results;
    }
}
