package io.hpcorchestrator.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogsApplicationTests {

    @LocalServerPort
    int port;

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    @Test
    void reportsHealthUp() {
        String body = client().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesJvmAndHttpMetricsForPrometheus() {
        client().get().uri("/actuator/health").retrieve().toBodilessEntity();
        String metrics = client().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds")
                .contains("application=\"logs-service\"")
                .contains("hpc_logs_collection_lag_seconds")
                .contains("hpc_logs_collection_backlog_bytes")
                .contains("hpc_logs_read_largest_bytes")
                .contains("hpc_logs_followers");
    }

    @Test
    void publishesOpenApiDocument() {
        String doc = client().get().uri("/v3/api-docs").retrieve().body(String.class);
        assertThat(doc).contains("\"openapi\"");
    }
}
