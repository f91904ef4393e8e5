package io.hpcorchestrator.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/** The client against an HTTP server answering what the server's API answers, fields it does not know included. */
class ServerApiClientTest {

    private static final String SERVICE = """
            {"id": "svc-0123456789ab", "job_id": 42, "name": "hpc-numbers-0123456789ab", "recipe_name": "tests/numbers",
             "status": "RUNNING", "reason": null, "endpoint": null, "node": "vm", "address": "127.0.0.1", "port": null,
             "exit_code": null, "cancel_requested": false, "config": {"environment": {}},
             "stdout_path": "/work/hpc-numbers-0123456789ab-42.out", "stderr_path": "/work/hpc-numbers-0123456789ab-42.err",
             "created_at": "2026-11-26T14:00:00Z", "updated_at": "2026-11-26T14:00:05.5Z", "submitted_at": "2026-11-26T14:00:01Z",
             "started_at": "2026-11-26T14:00:02Z", "ready_at": null, "ended_at": null, "transitions": null}""";

    private static final String TARGETS = """
            [{"targets": ["127.0.0.1:8001"],
              "labels": {"__metrics_path__": "/api/v1/services/svc-0123456789ab/metrics", "service_id": "svc-0123456789ab",
                         "recipe": "inference/vllm-simulator", "category": "inference", "node": "vm", "slurm_job_id": "42"}}]""";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ServerApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            if (path.equals("/api/v1/services")) {
                body = "[" + SERVICE + "]";
            } else if (path.equals("/api/v1/services/svc-0123456789ab")) {
                body = SERVICE;
            } else if (path.equals("/api/v1/services/targets")) {
                body = TARGETS;
            } else {
                status = 404;
                body = "{\"title\": \"Service not found\", \"status\": 404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = ServerApiClient.create(RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void listsServicesPageByPageReadingSnakeCaseFieldsAndIgnoringOthers() {
        List<ServiceSummary> services = client.listServices(1000, 2000);

        assertThat(requests).containsExactly("/api/v1/services?limit=1000&offset=2000");
        assertThat(services).singleElement().satisfies(service -> {
            assertThat(service.id()).isEqualTo("svc-0123456789ab");
            assertThat(service.jobId()).isEqualTo(42L);
            assertThat(service.recipeName()).isEqualTo("tests/numbers");
            assertThat(service.stdoutPath()).isEqualTo("/work/hpc-numbers-0123456789ab-42.out");
            assertThat(service.stderrPath()).isEqualTo("/work/hpc-numbers-0123456789ab-42.err");
            assertThat(service.updatedAt()).isEqualTo(Instant.parse("2026-11-26T14:00:05.5Z"));
            assertThat(service.endedAt()).isNull();
            assertThat(service.isTerminal()).isFalse();
        });
    }

    @Test
    void readsOneServiceAndAnUnknownIdIsNotFound() {
        assertThat(client.getService("svc-0123456789ab").node()).isEqualTo("vm");
        assertThatThrownBy(() -> client.getService("svc-ffffffffffff")).isInstanceOf(HttpClientErrorException.NotFound.class);
    }

    @Test
    void readsScrapeTargetsInPrometheusServiceDiscoveryShape() {
        assertThat(client.targets()).singleElement().satisfies(group -> {
            assertThat(group.targets()).containsExactly("127.0.0.1:8001");
            assertThat(group.labels()).containsEntry("__metrics_path__", "/api/v1/services/svc-0123456789ab/metrics")
                    .containsEntry("slurm_job_id", "42").hasSize(6);
        });
    }

    @Test
    void endStatesAreTerminal() {
        ServiceSummary running = client.getService("svc-0123456789ab");
        for (String status : List.of("COMPLETED", "FAILED", "CANCELLED")) {
            assertThat(withStatus(running, status).isTerminal()).as(status).isTrue();
        }
        for (String status : List.of("SUBMITTING", "PENDING", "BUILDING", "STARTING", "RUNNING")) {
            assertThat(withStatus(running, status).isTerminal()).as(status).isFalse();
        }
    }

    private static ServiceSummary withStatus(ServiceSummary s, String status) {
        return new ServiceSummary(s.id(), s.jobId(), s.name(), s.recipeName(), status, s.reason(), s.endpoint(), s.node(), s.address(),
                s.port(), s.exitCode(), s.stdoutPath(), s.stderrPath(), s.createdAt(), s.updatedAt(), s.startedAt(), s.endedAt(), s.owner());
    }
}
