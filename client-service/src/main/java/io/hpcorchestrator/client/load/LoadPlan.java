package io.hpcorchestrator.client.load;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A validated benchmark, everything the runner needs and nothing else: stored with the benchmark, and handed as a
 * JSON file to the command-line mode a SLURM job runs.
 *
 * @param baseUrl               the target's base URL ({@code http://host:port}), without {@code /v1}
 * @param model                 the model to ask for; null lets the runner take the first one {@code /v1/models} lists
 * @param stream                ask for server-sent events (TTFT and ITL need them)
 * @param steps                 one load level, or several for a sweep, run one after the other
 * @param temperature           sampling temperature, or null to leave it to the server
 * @param ignoreEos             ask the server to generate exactly {@code max_tokens} (a vLLM extension)
 * @param requestTimeoutSeconds a request that has not finished by then fails as {@code timeout}
 * @param extraBody             further fields merged into every request body
 * @param percentiles           the percentiles reported for every latency
 * @param slos                  goodput limits: {@code ttft_ms}, {@code tpot_ms}, {@code e2el_ms} to their maximum in ms
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoadPlan(
        String baseUrl,
        String model,
        ApiFlavour api,
        boolean stream,
        DatasetSpec dataset,
        List<LoadStep> steps,
        StopCondition stop,
        Double temperature,
        boolean ignoreEos,
        double requestTimeoutSeconds,
        Map<String, Object> extraBody,
        List<Double> percentiles,
        Map<String, Double> slos) {

    public LoadPlan {
        steps = List.copyOf(steps);
        extraBody = extraBody == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraBody));
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
        slos = slos == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(slos));
    }

    public LoadPlan withTarget(String resolvedBaseUrl, String resolvedModel) {
        return new LoadPlan(resolvedBaseUrl, resolvedModel, api, stream, dataset, steps, stop, temperature, ignoreEos,
                requestTimeoutSeconds, extraBody, percentiles, slos);
    }

    /** Requests the plan sends in all (warm-up excluded), or null when a duration decides. */
    public Long totalRequests() {
        if (stop.requests() == null) {
            return null;
        }
        return (long) stop.requests() * steps.size();
    }
}
