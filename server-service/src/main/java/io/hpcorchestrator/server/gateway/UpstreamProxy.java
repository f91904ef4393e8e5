package io.hpcorchestrator.server.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sends a request to a service and copies its answer to the client as it arrives: status, content type and
 * body, flushed after every read so server-sent events pass through chunk by chunk. When the client goes
 * away, the upstream response is closed, which aborts the request at the service.
 */
@Component
class UpstreamProxy {

    /** Upstream headers that describe the body rather than the connection; the rest is Tomcat's business. */
    private static final List<String> PASSED_HEADERS = List.of("content-type", "cache-control");
    private static final int BUFFER = 8192;

    private final HttpClient http;
    private final GatewayProperties properties;

    UpstreamProxy(GatewayHttp http, GatewayProperties properties) {
        this.http = http.client();
        this.properties = properties;
    }

    /** Thrown when the service could not be reached before anything was sent to the client. */
    static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void post(InferenceCatalog.Target target, String path, byte[] body, HttpServletResponse response) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(target.base().resolve(path))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        target.outstanding().incrementAndGet();
        try {
            HttpResponse<InputStream> upstream;
            try {
                upstream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UnreachableException("service " + target.service().id() + " at " + target.base() + " did not answer: " + e.getMessage(), e);
            }
            copy(upstream, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            target.outstanding().decrementAndGet();
        }
    }

    private static void copy(HttpResponse<InputStream> upstream, HttpServletResponse response) throws IOException {
        response.setStatus(upstream.statusCode());
        for (String name : PASSED_HEADERS) {
            upstream.headers().firstValue(name).ifPresent(value -> response.setHeader(name, value));
        }
        boolean streaming = upstream.headers().firstValue("content-type").map(type -> type.startsWith("text/event-stream")).orElse(false);
        if (!streaming) {
            upstream.headers().firstValueAsLong("content-length").ifPresent(response::setContentLengthLong);
        }
        try (InputStream in = upstream.body()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                if (streaming) {
                    out.flush();
                }
            }
            out.flush();
        }
    }
}
