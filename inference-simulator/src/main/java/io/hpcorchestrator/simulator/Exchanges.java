package io.hpcorchestrator.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;

/** Writing responses on the JDK's {@link HttpExchange}. */
final class Exchanges {

    private static final byte[] NOT_FOUND = "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METHOD_NOT_ALLOWED = "{\"detail\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8);

    private Exchanges() {
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // The JDK's server reads a length of 0 as "chunked"; -1 is how it spells an empty body.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    static void sendError(HttpExchange exchange, ObjectMapper mapper, ApiException error) throws IOException {
        sendJson(exchange, error.status(), mapper.writeValueAsBytes(error.body()));
    }

    /**
     * Answers paths and methods the route does not serve the way vLLM's web framework (FastAPI) does.
     *
     * @return whether the request may go on
     */
    static boolean routed(HttpExchange exchange, String path, String method) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            sendJson(exchange, 404, NOT_FOUND);
            return false;
        }
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            sendJson(exchange, 405, METHOD_NOT_ALLOWED);
            return false;
        }
        return true;
    }

    static void notFound(HttpExchange exchange) throws IOException {
        sendJson(exchange, 404, NOT_FOUND);
    }
}
