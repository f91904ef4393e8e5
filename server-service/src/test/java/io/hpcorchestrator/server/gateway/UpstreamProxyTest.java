package io.hpcorchestrator.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The proxy against a local HTTP server standing in for a service. */
class UpstreamProxyTest {

    private static final GatewayProperties PROPERTIES = new GatewayProperties(GatewayProperties.Access.DIRECT, Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1));

    private HttpServer service;
    private CloseableHttpClient client;
    private UpstreamProxy proxy;

    @BeforeEach
    void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.setExecutor(Executors.newCachedThreadPool());
        service.start();
        client = new GatewayHttp().gatewayHttpClient(PROPERTIES, 4);
        proxy = new UpstreamProxy(client);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        service.stop(0);
    }

    @Test
    void anAnswerPassesThroughWithStatusHeadersAndLength() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        service.createContext("/v1/completions", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Internal", "not for the client");
            respond(exchange, 200, "{\"choices\": []}");
        });
        InferenceCatalog.Target target = target(base());
        MockHttpServletResponse response = new MockHttpServletResponse();

        proxy.post(target, "/v1/completions", "{\"model\": \"m\"}".getBytes(StandardCharsets.UTF_8), response);

        assertThat(received).containsExactly("application/json {\"model\": \"m\"}");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).isEqualTo("application/json");
        assertThat(response.getHeader("cache-control")).isEqualTo("no-store");
        assertThat(response.getHeader("x-internal")).isNull();
        assertThat(response.getContentLengthLong()).isEqualTo(15);
        assertThat(response.getContentAsString()).isEqualTo("{\"choices\": []}");
        assertThat(target.outstanding()).hasValue(0);
    }

    @Test
    void anUpstreamErrorKeepsItsStatusAndBody() throws IOException {
        service.createContext("/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            respond(exchange, 400, "{\"error\": {\"message\": \"no chat template\"}}");
        });
        MockHttpServletResponse response = new MockHttpServletResponse();

        proxy.post(target(base()), "/v1/chat/completions", "{}".getBytes(StandardCharsets.UTF_8), response);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).isEqualTo("{\"error\": {\"message\": \"no chat template\"}}");
    }

    @Test
    void aServiceThatCannotBeReachedIsReportedBeforeAnythingIsSent() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        InferenceCatalog.Target target = target(closed);
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> proxy.post(target, "/v1/completions", "{}".getBytes(StandardCharsets.UTF_8), response))
                .isInstanceOf(UpstreamProxy.UnreachableException.class).hasMessageContaining("svc-test");
        assertThat(response.isCommitted()).isFalse();
        assertThat(target.outstanding()).hasValue(0);
    }

    @Test
    void eventsAreFlushedToTheClientOneByOneAsTheServiceSendsThem() throws Exception {
        CountDownLatch secondMayGo = new CountDownLatch(1);
        service.createContext("/v1/completions", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                event(body, "data: one\n\n");
                awaitQuietly(secondMayGo, 10_000);
                event(body, "data: [DONE]\n\n");
            }
        });
        RecordingResponse response = new RecordingResponse(Integer.MAX_VALUE);
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try {
                proxy.post(target(base()), "/v1/completions", "{}".getBytes(StandardCharsets.UTF_8), response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(response.flushed).containsExactly("data: one\n\n"));
        secondMayGo.countDown();
        client.get(10, TimeUnit.SECONDS);

        assertThat(response.flushed).startsWith("data: one\n\n", "data: one\n\ndata: [DONE]\n\n");
        assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(response.containsHeader("content-length")).isFalse();
    }

    @Test
    void aClientThatHangsUpAbortsTheRequestInsteadOfReadingTheStreamToItsEnd() {
        AtomicBoolean serviceSawTheAbort = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        service.createContext("/v1/completions", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                // A minute of tokens, 20 ms apart: far longer than the test waits.
                for (int i = 0; i < 3000; i++) {
                    event(body, "data: token " + i + "\n\n");
                    sent.incrementAndGet();
                    awaitQuietly(never, 20);
                }
            } catch (IOException e) {
                serviceSawTheAbort.set(true);
            }
        });
        InferenceCatalog.Target target = target(base());
        RecordingResponse response = new RecordingResponse(3);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> proxy.post(target, "/v1/completions", "{}".getBytes(StandardCharsets.UTF_8), response))
                        .isInstanceOf(IOException.class).hasMessageContaining("client went away"));

        await().atMost(Duration.ofSeconds(10)).untilTrue(serviceSawTheAbort);
        assertThat(sent.get()).isLessThan(3000);
        assertThat(target.outstanding()).hasValue(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + service.getAddress().getPort());
    }

    private static InferenceCatalog.Target target(URI base) {
        ServiceRecord record = new ServiceRecord("svc-test", "inference/vllm-simulator", "job", 1L, ServiceState.RUNNING, null, "{}", "",
                null, null, "/tmp", "/health", null, "node", base.getHost(), base.getPort(), null, false, null, null,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, 0);
        return new InferenceCatalog.Target(record, base, new AtomicInteger());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void event(OutputStream body, String event) throws IOException {
        body.write(event.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    /** Records what the client had received at each flush; fails writes after {@code writesBeforeHangUp}. */
    private static final class RecordingResponse extends MockHttpServletResponse {
        final List<String> flushed = new CopyOnWriteArrayList<>();
        private final int writesBeforeHangUp;
        private int writes;

        RecordingResponse(int writesBeforeHangUp) {
            this.writesBeforeHangUp = writesBeforeHangUp;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            ServletOutputStream delegate = super.getOutputStream();
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (++writes > writesBeforeHangUp) {
                        throw new IOException("client went away");
                    }
                    delegate.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    delegate.flush();
                    flushed.add(getContentAsString());
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
