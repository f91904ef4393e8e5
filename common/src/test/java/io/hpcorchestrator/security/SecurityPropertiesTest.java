package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {

    private final SecurityProperties properties = new SecurityProperties(List.of("/actuator/prometheus", "/api/v1/services/*/metrics"), null);

    @Test
    void aStarSegmentMatchesOnePlainIdSegment() {
        assertThat(properties.isScrapePath("/api/v1/services/svc-0123456789ab/metrics")).isTrue();
        assertThat(properties.isScrapePath("/api/v1/services/4242/metrics")).isTrue();
    }

    @Test
    void aStarSegmentMatchesNothingElse() {
        assertThat(properties.isScrapePath("/api/v1/services/svc-1/logs")).isFalse();
        assertThat(properties.isScrapePath("/api/v1/services/a/b/metrics")).isFalse();
        assertThat(properties.isScrapePath("/api/v1/services//metrics")).isFalse();
        assertThat(properties.isScrapePath("/api/v1/services/../metrics")).isFalse();
        assertThat(properties.isScrapePath("/api/v1/services/%2e%2e/metrics")).isFalse();
        assertThat(properties.isScrapePath("/api/v1/services/svc-1/metrics/")).isFalse();
        assertThat(properties.isScrapePath("/actuator/prometheus")).isTrue();
    }
}
