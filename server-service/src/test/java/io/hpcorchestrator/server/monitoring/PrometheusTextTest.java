package io.hpcorchestrator.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final Map<String, String> LABELS = new LinkedHashMap<>(Map.of("service_id", "svc-0123456789ab"));

    static {
        LABELS.put("recipe", "inference/vllm");
    }

    @Test
    void labelsBareAndLabelledSamplesAndKeepsCommentsAndTimestamps() {
        String text = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="Qwen/Qwen2.5-0.5B-Instruct"} 3.0
                process_open_fds 12
                http_requests_total{code="200"} 1027 1395066363000
                """;
        assertThat(PrometheusText.withLabels(text, LABELS)).isEqualTo("""
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="Qwen/Qwen2.5-0.5B-Instruct",service_id="svc-0123456789ab",recipe="inference/vllm"} 3.0
                process_open_fds{service_id="svc-0123456789ab",recipe="inference/vllm"} 12
                http_requests_total{code="200",service_id="svc-0123456789ab",recipe="inference/vllm"} 1027 1395066363000
                """);
    }

    @Test
    void quotedValuesMayHoldBracesCommasEqualsAndEscapedQuotes() {
        String text = "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"}, a=b\"} 1.458255915e9\n";
        assertThat(PrometheusText.withLabels(text, LABELS)).isEqualTo(
                "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"}, a=b\","
                        + "service_id=\"svc-0123456789ab\",recipe=\"inference/vllm\"} 1.458255915e9\n");
    }

    @Test
    void aLabelTheServiceSetsItselfIsKeptAsExported() {
        assertThat(PrometheusText.withLabels("up{recipe=\"mine\", job=\"x\"} 1\n", LABELS))
                .isEqualTo("up{exported_recipe=\"mine\",job=\"x\",service_id=\"svc-0123456789ab\",recipe=\"inference/vllm\"} 1\n");
    }

    @Test
    void emptyLabelBlocksCarriageReturnsAndOpenMetricsEndAreHandled() {
        assertThat(PrometheusText.withLabels("a{} 1\r\nb 2\r\n# EOF\n", Map.of("service_id", "s")))
                .isEqualTo("a{service_id=\"s\"} 1\nb{service_id=\"s\"} 2\n");
    }

    @Test
    void unreadableLinesPassUnchanged() {
        assertThat(PrometheusText.withLabels("broken{a=\"1\" 2\nworse{a=1} 3\n", Map.of("service_id", "s")))
                .isEqualTo("broken{a=\"1\" 2\nworse{a=1} 3\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(PrometheusText.gauge("g", "help", Map.of("node", "a\"b\\c\nd"), 1))
                .isEqualTo("# HELP g help\n# TYPE g gauge\ng{node=\"a\\\"b\\\\c\\nd\"} 1\n");
        assertThat(PrometheusText.gauge("g", "h", Map.of(), 1.5)).endsWith("g{} 1.5\n");
    }
}
