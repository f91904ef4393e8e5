package io.hpcorchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ClientApplicationTests {

    @LocalServerPort
    int port;

    private RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeader("Authorization", TestTokens.bearer(token)).build();
    }

    @Test
    void reportsHealthUpWithoutAToken() {
        String body = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesJvmAndHttpMetricsForPrometheusToTheScrapeToken() {
        RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health").retrieve().toBodilessEntity();
        String metrics = client(TestTokens.SCRAPE).get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds")
                .contains("application=\"client-service\"");
    }

    @Test
    void publishesOpenApiDocument() {
        String doc = client(TestTokens.ALICE).get().uri("/v3/api-docs").retrieve().body(String.class);
        assertThat(doc).contains("\"openapi\"");
    }
}
