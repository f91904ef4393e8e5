package io.hpcorchestrator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ServerApplicationTests {

    @LocalServerPort
    int port;

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeader("Authorization", TestTokens.bearer(token)).build();
    }

    @Test
    void reportsHealthUp() {
        String body = client().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesJvmAndHttpMetricsForPrometheus() {
        client().get().uri("/actuator/health").retrieve().toBodilessEntity();
        String metrics = client(TestTokens.SCRAPE).get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds")
                .contains("application=\"server-service\"");
    }

    @Test
    void publishesOpenApiDocument() {
        String doc = client(TestTokens.ALICE).get().uri("/v3/api-docs").retrieve().body(String.class);
        assertThat(doc).contains("\"openapi\"");
    }
}
