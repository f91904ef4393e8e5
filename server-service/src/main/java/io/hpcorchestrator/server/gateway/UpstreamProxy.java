package io.hpcorchestrator.server.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.stereotype.Component;

/**
 * Sends a request to a service and copies its answer to the client as it arrives: status, content type and
 * body, server-sent events flushed after every read so they pass through chunk by chunk. When the client goes
 * away, the upstream request is aborted, which ends the generation at the service.
 */
@Component
class UpstreamProxy {

    /** Upstream headers that describe the body rather than the connection; the rest is Tomcat's business. */
    private static final List<String> PASSED_HEADERS = List.of("content-type", "cache-control");
    private static final ContentType JSON = ContentType.create("application/json");
    private static final int BUFFER = 8192;

    private final CloseableHttpClient http;

    UpstreamProxy(CloseableHttpClient http) {
        this.http = http;
    }

    /** Thrown when the service could not be reached before anything was sent to the client. */
    static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void post(InferenceCatalog.Target target, String path, byte[] body, HttpServletResponse response) throws IOException {
        HttpPost request = new HttpPost(target.base().resolve(path));
        request.setEntity(new ByteArrayEntity(body, JSON));
        target.outstanding().incrementAndGet();
        try {
            ClassicHttpResponse upstream;
            try {
                upstream = http.executeOpen(null, request, null);
            } catch (IOException e) {
                throw new UnreachableException("service " + target.service().id() + " at " + target.base() + " did not answer: " + e.getMessage(), e);
            }
            try {
                copy(upstream, response);
            } catch (IOException | RuntimeException e) {
                // Closing an unfinished chunked body would read it to its end, i.e. wait for the whole generation:
                // aborting drops the connection instead, and the service stops generating.
                request.cancel();
                closeAborted(upstream, e);
                throw e;
            }
            upstream.close();
        } finally {
            target.outstanding().decrementAndGet();
        }
    }

    private static void copy(ClassicHttpResponse upstream, HttpServletResponse response) throws IOException {
        response.setStatus(upstream.getCode());
        for (String name : PASSED_HEADERS) {
            Header header = upstream.getFirstHeader(name);
            if (header != null) {
                response.setHeader(name, header.getValue());
            }
        }
        HttpEntity entity = upstream.getEntity();
        if (entity == null) {
            return;
        }
        String type = entity.getContentType();
        boolean streaming = type != null && type.startsWith("text/event-stream");
        if (!streaming && entity.getContentLength() >= 0) {
            response.setContentLengthLong(entity.getContentLength());
        }
        InputStream in = entity.getContent();
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

    private static void closeAborted(ClassicHttpResponse upstream, Exception cause) {
        try {
            upstream.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
