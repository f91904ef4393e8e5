package io.hpcorchestrator.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogsPropertiesTest {

    @Test
    void defaultsBoundReadsLinesAndRetention() {
        LogsProperties properties = TestLogs.properties(Map.of());
        assertThat(properties.collect().readChunkBytes().toBytes()).isEqualTo(256 * 1024);
        assertThat(properties.collect().maxLineBytes()).isEqualTo(16384);
        assertThat(properties.collect().linger()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.retention().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.server().url().toString()).isEqualTo("http://127.0.0.1:8001");
    }

    @Test
    void inconsistentLimitsFailNamingTheSetting() {
        assertThatThrownBy(() -> TestLogs.properties(Map.of("collect.max-line-bytes", "100000")))
                .hasRootCauseMessage("hpc.logs.collect.max-line-bytes must be 256 to 65536");
        assertThatThrownBy(() -> TestLogs.properties(Map.of("collect.read-chunk-bytes", "16KB")))
                .rootCause().hasMessageContaining("hpc.logs.collect.read-chunk-bytes");
        assertThatThrownBy(() -> TestLogs.properties(Map.of("collect.max-bytes-per-cycle", "64KB")))
                .rootCause().hasMessageContaining("hpc.logs.collect.max-bytes-per-cycle");
        assertThatThrownBy(() -> TestLogs.properties(Map.of("retention.max-age", "0s")))
                .rootCause().hasMessageContaining("hpc.logs.retention");
    }
}
