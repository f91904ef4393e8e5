package io.hpcorchestrator.client.benchmark;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/benchmarks}. Everything but {@code target} has a default; see docs/client.md.
 *
 * @param name                  a label for people
 * @param target                what to benchmark
 * @param api                   {@code completions} (default) or {@code chat}
 * @param stream                server-sent events (default true); TTFT, ITL and TPOT need them
 * @param dataset               prompts: synthetic (default) or given
 * @param load                  arrival rate, concurrency, or a sweep of either
 * @param stop                  when each step stops sending, and the warm-up
 * @param slos                  goodput limits in ms: {@code ttft_ms}, {@code tpot_ms}, {@code e2el_ms}
 * @param percentiles           reported for every latency; default 50, 90, 95, 99
 * @param temperature           default 0, as vLLM's benchmark sends
 * @param ignoreEos             generate exactly {@code max_tokens} (vLLM extension); default false
 * @param requestTimeoutSeconds per request; default 600
 * @param extraBody             further fields for every request body
 */
public record BenchmarkRequest(
        String name,
        Target target,
        @Schema(allowableValues = {"completions", "chat"}) String api,
        Boolean stream,
        Dataset dataset,
        Load load,
        Stop stop,
        Map<String, Double> slos,
        List<Double> percentiles,
        Double temperature,
        Boolean ignoreEos,
        Double requestTimeoutSeconds,
        Map<String, Object> extraBody) {

    /**
     * Exactly one of {@code service_id} and {@code url}.
     *
     * @param serviceId a service of the server ({@code svc-...} or its job id), resolved to its endpoint; it must be RUNNING
     * @param url       an OpenAI-compatible base URL ({@code http://host:8000}; a trailing {@code /v1} is accepted), the
     *                  server's gateway included
     * @param model     the model to ask for; default the first one the target lists
     */
    public record Target(String serviceId, String url, String model) {
    }

    /**
     * @param type         {@code synthetic} (default) or {@code prompts}
     * @param inputLen     synthetic prompt length in words (about a token each); default 1024 as vLLM's random dataset
     * @param outputLen    {@code max_tokens}; default 128
     * @param rangeRatio   spread of the lengths, in [0, 1); default 0
     * @param distribution {@code uniform} (default; {@code [len*(1-r), len*(1+r)]}), {@code normal} (std {@code r*len})
     *                     or {@code fixed}
     * @param seed         default 0
     * @param prompts      the prompts, for {@code prompts}; cycled in order
     * @param jsonl        a file in the client's datasets directory, one {@code {"prompt": ..., "output_len": ...}} per line
     */
    public record Dataset(String type, Integer inputLen, Integer outputLen, Double rangeRatio, String distribution, Long seed,
            List<String> prompts, String jsonl) {
    }

    /**
     * At most one of {@code request_rate}, {@code request_rates}, {@code concurrency}, {@code concurrencies}; none
     * means {@code request_rate: "inf"}.
     *
     * @param requestRate    requests per second, or {@code "inf"} for all at once
     * @param requestRates   a sweep of rates, one step each
     * @param burstiness     Gamma shape of arrival gaps; 1 (default) is Poisson, larger is more regular
     * @param maxConcurrency cap on requests in flight for rates
     * @param concurrency    closed loop: this many clients, each sending when its last answer ended
     * @param concurrencies  a sweep of closed-loop concurrencies
     */
    public record Load(
            @Schema(oneOf = {Double.class, String.class}) Object requestRate,
            List<Object> requestRates,
            Double burstiness,
            Integer maxConcurrency,
            Integer concurrency,
            List<Integer> concurrencies) {
    }

    /**
     * @param requests        per step (default 1000 when no duration is given)
     * @param durationSeconds per step
     * @param warmupRequests  sent first and not counted; default 1
     */
    public record Stop(Integer requests, Double durationSeconds, Integer warmupRequests) {
    }
}
