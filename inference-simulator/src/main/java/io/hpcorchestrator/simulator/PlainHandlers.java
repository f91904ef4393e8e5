package io.hpcorchestrator.simulator;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;

/** The routes without a request body: health, metrics and everything unknown. */
final class PlainHandlers {

    private PlainHandlers() {
    }

    /** {@code GET /health}: 200 with an empty body, as vLLM answers once its engine runs. */
    static HttpHandler health() {
        return exchange -> {
            try {
                if (Exchanges.routed(exchange, "/health", "GET")) {
                    Exchanges.send(exchange, 200, "application/json", new byte[0]);
                }
            } finally {
                exchange.close();
            }
        };
    }

    /** {@code GET /metrics} in the Prometheus text format. */
    static HttpHandler metrics(Metrics metrics) {
        return exchange -> {
            try {
                if (Exchanges.routed(exchange, "/metrics", "GET")) {
                    Exchanges.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.render().getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                exchange.close();
            }
        };
    }

    static HttpHandler notFound() {
        return exchange -> {
            try {
                Exchanges.notFound(exchange);
            } finally {
                exchange.close();
            }
        };
    }
}
