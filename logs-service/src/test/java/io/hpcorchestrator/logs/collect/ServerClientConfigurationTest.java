package io.hpcorchestrator.logs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hpcorchestrator.logs.TestLogs;
import io.hpcorchestrator.security.OutboundToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServerClientConfigurationTest {

    @Test
    void theServerIsCalledWithThisServicesOwnToken() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/services", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var properties = TestLogs.properties(Map.of("server.url", "http://127.0.0.1:" + server.getAddress().getPort()));
            new ServerClientConfiguration().serverApiClient(properties, new OutboundToken("service-token-123")).listServices(10, 0);
            assertThat(authorization.get()).isEqualTo("Bearer service-token-123");
        } finally {
            server.stop(0);
        }
    }
}
