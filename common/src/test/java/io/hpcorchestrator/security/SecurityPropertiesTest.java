package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SecurityPropertiesTest {

    private final SecurityProperties properties = new SecurityProperties(List.of("/actuator/prometheus", "/api/v1/services/*/metrics"), null, null);

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

    @Test
    void theApiDescriptionIsOpenByDefault() {
        assertThat(List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html",
                "/swagger-ui/index.html", "/swagger-ui/swagger-ui-bundle.js")).allMatch(properties::isOpenPath);
        assertThat(List.of("/", "/api/v1/services", "/actuator/prometheus", "/v3/api-docsx", "/swagger-uix/index.html"))
                .noneMatch(properties::isOpenPath);
    }

    @Test
    void anOpenPathNeverStepsOutOfItsSubtree() {
        assertThat(List.of("/swagger-ui/../api/v1/services", "/swagger-ui/%2e%2e/api/v1/services", "/swagger-ui/..%2Fapi",
                "/swagger-ui//api/v1/services", "/v3/api-docs;x=/../../api/v1/services", "/swagger-ui/.%2e/api", "/swagger-ui/..\\api",
                "/v3/api-docs/./x")).noneMatch(properties::isOpenPath);
    }

    @Test
    void anEmptyListClosesTheApiDescriptionToo() {
        SecurityProperties closed = new Binder(new MapConfigurationPropertySource(Map.of("hpc.security.open-paths", "")))
                .bind("hpc.security", SecurityProperties.class).get();
        assertThat(closed.isOpenPath("/v3/api-docs")).isFalse();
        assertThat(closed.isOpenPath("/swagger-ui/index.html")).isFalse();
    }
}
