package io.hpcorchestrator.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vLLM's definitions, checked on requests whose figures are worked out by hand. */
class StepMetricsTest {

    private static RequestRecord ok(int seq, long intendedUs, long sentUs, long ttftUs, int[] itlUs, int promptTokens, int outputTokens) {
        long e2el = ttftUs;
        for (int gap : itlUs) {
            e2el += gap;
        }
        return new RequestRecord(0, seq, intendedUs, sentUs, ttftUs, e2el, itlUs, promptTokens, outputTokens, null, null, 200);
    }

    @Test
    void latenciesThroughputAndGoodputFollowVllm() {
        StepMetrics metrics = new StepMetrics(0, LoadStep.openLoop(2, 1, null), List.of(50.0, 99.0, 99.9), Map.of("ttft_ms", 150.0));
        // 5 tokens: TTFT 100 ms, gaps 10, 20, 30, 40 ms -> E2E 200 ms, TPOT (200 - 100) / 4 = 25 ms.
        metrics.add(ok(0, 0, 0, 100_000, new int[] {10_000, 20_000, 30_000, 40_000}, 10, 5));
        // Sent 50 ms late: TTFT 200 ms, one token -> no TPOT; intended TTFT 250 ms.
        metrics.add(ok(1, 500_000, 550_000, 200_000, new int[0], 20, 1));
        metrics.add(new RequestRecord(0, 2, 1_000_000, 1_000_000, -1, 5_000, new int[0], 30, 0, "http_503", "HTTP 503: busy", 503));
        Map<String, Object> result = metrics.result(2_000_000L);

        assertThat(result.get("completed")).isEqualTo(2L);
        assertThat(result.get("failed")).isEqualTo(1L);
        assertThat(result.get("errors")).isEqualTo(Map.of("http_503", 1L));
        assertThat(result.get("duration")).isEqualTo(2.0);
        assertThat(result.get("total_input_tokens")).isEqualTo(30L);
        assertThat(result.get("total_output_tokens")).isEqualTo(6L);
        assertThat((double) result.get("request_throughput")).isCloseTo(1.0, within(1e-9));
        assertThat((double) result.get("output_throughput")).isCloseTo(3.0, within(1e-9));
        assertThat((double) result.get("total_token_throughput")).isCloseTo(18.0, within(1e-9));
        // Goodput counts the first (TTFT 100 <= 150), not the second (200).
        assertThat((double) result.get("request_goodput")).isCloseTo(0.5, within(1e-9));
        assertThat(result.get("good_completed")).isEqualTo(1L);

        assertThat((double) result.get("mean_ttft_ms")).isCloseTo(150, within(0.01));
        assertThat((double) result.get("std_ttft_ms")).isCloseTo(50, within(0.01));
        assertThat((double) result.get("p99_ttft_ms")).isCloseTo(200, within(0.2));
        assertThat((double) result.get("mean_tpot_ms")).isCloseTo(25, within(0.01));
        assertThat((double) result.get("mean_itl_ms")).isCloseTo(25, within(0.01));
        assertThat((double) result.get("median_itl_ms")).isCloseTo(20, within(0.02));
        assertThat((double) result.get("std_itl_ms")).isCloseTo(Math.sqrt(125), within(0.01));
        assertThat((double) result.get("mean_e2el_ms")).isCloseTo(200, within(0.01));
        assertThat((double) result.get("mean_intended_ttft_ms")).isCloseTo(175, within(0.01));
        assertThat((double) result.get("p99.9_send_delay_ms")).isCloseTo(50, within(0.05));
        assertThat(result).containsKeys("median_ttft_ms", "p50_ttft_ms", "p99.9_e2el_ms", "mean_intended_e2el_ms", "max_output_tokens_per_s",
                "request_rate", "burstiness", "max_concurrency");
        assertThat(result.get("request_rate")).isEqualTo(2.0);
        assertThat(result.get("max_concurrent_requests")).isEqualTo(1);
    }

    @Test
    void withoutSuccessesLatenciesAreZeroAsInVllmAndGoodputIsAbsentWithoutSlos() {
        StepMetrics metrics = new StepMetrics(0, LoadStep.closedLoop(2), List.of(99.0), Map.of());
        metrics.add(new RequestRecord(0, 0, 0, 0, -1, 1_000, new int[0], 5, 0, "connection_refused", "ConnectException", 0));
        Map<String, Object> result = metrics.result(1_000_000L);
        assertThat(result.get("mean_ttft_ms")).isEqualTo(0.0);
        assertThat(result.get("p99_tpot_ms")).isEqualTo(0.0);
        assertThat(result.get("request_goodput")).isNull();
        assertThat(result.get("request_rate")).isNull();
        assertThat(result.get("concurrency")).isEqualTo(2);
        assertThat(result).doesNotContainKey("slos");
    }

    @Test
    void peakConcurrencyAndPeakOutputRateComeFromTheTimeline() {
        StepMetrics metrics = new StepMetrics(0, LoadStep.openLoop(100, 1, null), List.of(50.0), Map.of());
        // Three requests overlapping between 0.2 s and 0.3 s; the third starts exactly when the first ends.
        metrics.add(ok(0, 0, 0, 100_000, new int[] {100_000, 100_000}, 1, 3));
        metrics.add(ok(1, 200_000, 200_000, 50_000, new int[] {50_000}, 1, 2));
        metrics.add(ok(2, 300_000, 300_000, 10_000, new int[] {10_000, 10_000, 10_000}, 1, 4));
        Map<String, Object> result = metrics.result(null);
        assertThat(result.get("max_concurrent_requests")).isEqualTo(2);
        // Every token of all three arrives within the first second.
        assertThat(result.get("max_output_tokens_per_s")).isEqualTo(9.0);
        // Without a known duration, the last answer's end (0.34 s) is used.
        assertThat((double) result.get("duration")).isCloseTo(0.34, within(1e-9));
    }

    @Test
    void percentileKeysAreSpelledAsVllmSpellsThem() {
        assertThat(StepMetrics.percentileLabel(99)).isEqualTo("99");
        assertThat(StepMetrics.percentileLabel(99.9)).isEqualTo("99.9");
        assertThat(StepMetrics.percentileLabel(50.0)).isEqualTo("50");
    }
}
