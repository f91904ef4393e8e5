package io.hpcorchestrator.client.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.benchmark.BenchmarkView;
import io.hpcorchestrator.client.benchmark.ProgressView;
import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.RequestRecord;
import io.hpcorchestrator.client.metrics.StepMetrics;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final String HOSTILE = "<script>alert('x')</script>\"&";

    private static List<RequestRecord> records(int step, int n) {
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new RequestRecord(step, i, i * 100_000L, i * 100_000L + 50, 40_000 + i * 10, 200_000 + i * 100, new int[] {10_000, 11_000},
                    12, 3, null, null, 200));
        }
        records.add(new RequestRecord(step, n, n * 100_000L, n * 100_000L, -1, 3_000, new int[0], 12, 0, "http_500", "=cmd|' /C calc'!A0, \"quoted\"", 500));
        return records;
    }

    @Test
    void csvHasOneRowPerRequestAndQuotesAndDefusesFreeText() throws Exception {
        StringWriter out = new StringWriter();
        CsvExport.write(out, consumer -> records(0, 2).forEach(consumer));
        String[] lines = out.toString().split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo(CsvExport.HEADER);
        assertThat(lines[1]).startsWith("0,0,0.000000,0.000050,0.050,40.000,80.000,10.500,11.000,200.000,40.050,200.050,12,3,true,,200,");
        assertThat(lines[3]).endsWith(",false,http_500,500,\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\"");
        assertThat(lines[1].split(",", -1)).hasSize(CsvExport.HEADER.split(",").length);
    }

    @Test
    void theReportIsOnePageWithInlineChartsEscapedTextAndNothingFromElsewhere() {
        Map<Integer, StepMetrics> metrics = new TreeMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        List<RequestRecord> all = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            StepMetrics m = new StepMetrics(step, LoadStep.openLoop(step + 1, 1, null), List.of(50.0, 99.0), Map.of());
            List<RequestRecord> records = records(step, 50);
            records.forEach(m::add);
            all.addAll(records);
            metrics.put(step, m);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("started_at", Instant.parse("2026-11-26T10:00:00Z").plusSeconds(10L * step).toString());
            result.putAll(m.result(5_000_000L));
            steps.add(result);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("partial", true);
        results.put("steps", steps);
        BenchmarkView view = new BenchmarkView("bm-0123456789ab", HOSTILE, "local", "CANCELLED", "cancelled",
                new BenchmarkView.TargetView("http://127.0.0.1:8000", null, HOSTILE), "completions", true,
                List.of("rate=1/s", "rate=2/s", "rate=3/s"), new ProgressView("ended", null, 3, 153, null, 150, 3, 0, 20.0, 0.0), null,
                Instant.now(), Instant.now(), Instant.now(), Map.of());
        Consumer<Consumer<RequestRecord>> requests = consumer -> all.forEach(consumer);

        String html = HtmlReport.render(view, results, metrics, requests, all.size());

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>");
        assertThat(html).doesNotContain("<script", "alert('x')").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
        assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("http://127.0.0.1:8000", ""))
                .doesNotContain("http://", "https://", "src=", "@import", "url(");
        assertThat(html).contains("Time to first token (CDF)", "TTFT over time", "TPOT over time", "Request throughput", "partial results",
                "http_500");
        assertThat(html.split("<svg ", -1)).hasSize(1 + 5 + 2 + 4);
        assertThat(html).contains("<polyline", "<circle");
    }

    @Test
    void ticksAreRound() {
        assertThat(SvgChart.ticks(0, 47)).containsExactly(0, 10, 20, 30, 40, 50);
        assertThat(SvgChart.ticks(0, 0.7)).hasSize(8).startsWith(0.0);
        assertThat(SvgChart.ticks(0, 0.7)[7]).isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(SvgChart.ticks(3, 3)).startsWith(3.0).hasSizeGreaterThan(1);
    }
}
