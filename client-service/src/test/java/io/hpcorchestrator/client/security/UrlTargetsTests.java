package io.hpcorchestrator.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With {@code hpc.client.url-targets} set, a user's benchmark goes only to those URLs, and a refused one receives
 * nothing at all, not even the model lookup; an admin's may go anywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.PROPERTY, "hpc.client.groups.poll-interval=1h"})
class UrlTargetsTests {

    static final ModelServer ALLOWED = new ModelServer();
    static final ModelServer ELSEWHERE = new ModelServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> "http://127.0.0.1:" + Simulator.freePort());
        registry.add("hpc.client.url-targets", () -> ALLOWED.url() + "/gateway/");
    }

    @AfterAll
    static void stop() {
        ALLOWED.close();
        ELSEWHERE.close();
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void nothingAskedYet() {
        ALLOWED.requests.clear();
        ELSEWHERE.requests.clear();
    }

    private static String benchmark(String url) {
        return "{\"target\": {\"url\": \"" + url + "\"}, \"dataset\": {\"input_len\": 8, \"output_len\": 4}, "
                + "\"load\": {\"request_rate\": 0.001}, \"stop\": {\"duration_seconds\": 3600, \"warmup_requests\": 0}}";
    }

    @Test
    void aUserBenchmarksTheAllowedUrlsAndNothingElse() {
        Api alice = new Api("http://127.0.0.1:" + port, TestTokens.ALICE);

        JsonNode refused = alice.expect(400, "POST", "/api/v1/benchmarks", benchmark(ELSEWHERE.url() + "/v1"));
        assertThat(refused.toString()).contains("target.url").contains("hpc.client.url-targets");
        for (String detour : List.of(ALLOWED.url(), ALLOWED.url() + "/gateway-other", ALLOWED.url().replace("127.0.0.1", "localhost") + "/gateway")) {
            alice.expect(400, "POST", "/api/v1/benchmarks", benchmark(detour));
        }
        assertThat(ELSEWHERE.requests).isEmpty();
        assertThat(ALLOWED.requests).isEmpty();

        String id = alice.expect(201, "POST", "/api/v1/benchmarks", benchmark(ALLOWED.url() + "/gateway/v1")).get("id").asString();
        assertThat(ALLOWED.requests).first().isEqualTo("/gateway/v1/models");
        alice.expect(200, "DELETE", "/api/v1/benchmarks/" + id, null);
    }

    @Test
    void anAdminBenchmarksAnyUrl() {
        Api admin = new Api("http://127.0.0.1:" + port, TestTokens.ADMIN);
        String id = admin.expect(201, "POST", "/api/v1/benchmarks", benchmark(ELSEWHERE.url())).get("id").asString();
        assertThat(ELSEWHERE.requests).contains("/v1/models");
        admin.expect(200, "DELETE", "/api/v1/benchmarks/" + id, null);
    }

    /** Answers {@code /v1/models} with one model under any prefix, and remembers every path asked for. */
    static final class ModelServer implements AutoCloseable {

        final List<String> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        ModelServer() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestURI().getPath());
                byte[] body = "{\"object\": \"list\", \"data\": [{\"id\": \"m\"}]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
