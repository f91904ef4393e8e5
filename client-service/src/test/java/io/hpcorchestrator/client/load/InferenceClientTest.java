package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hpcorchestrator.client.testing.Simulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How answers are read and timed, against an HTTP server that writes exactly the bytes each case needs: events split
 * anywhere, CRLF, comments, usage, errors before and during the stream, silence. The simulator cannot misbehave on
 * purpose; the accuracy tests use it for the timing itself.
 */
class InferenceClientTest {

    private static HttpServer server;
    private static InferenceClient client;

    @BeforeAll
    static void start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/split", exchange -> stream(exchange, List.of(
                ": a comment\n\ndata: {\"choices\":[{\"text\":\"Hel", "lo\"}]}\r\n\r\nda", "ta:{\"choices\":[{\"text\":\" wor\"}]}\n\n",
                "data: {\"choices\":[{\"text\":\"ld\",\"finish_reason\":\"length\"}]}\n\n",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\ndata: [DONE]\n\n"), 30));
        server.createContext("/nousage", exchange -> stream(exchange, List.of("data: {\"choices\":[{\"text\":\"a\"}]}\n\n",
                "data: {\"choices\":[{\"text\":\"\"}]}\n\n", "data: {\"choices\":[{\"text\":\"b\"}]}\n\ndata: [DONE]\n\n"), 20));
        server.createContext("/chat", exchange -> stream(exchange, List.of(
                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n", "data: {\"choices\":[{\"delta\":{\"content\":\" there\"}}]}\n\n",
                "data: [DONE]\n\n"), 20));
        server.createContext("/busy", exchange -> plain(exchange, 503, "{\"error\":{\"message\":\"the engine is full\",\"type\":\"ServiceUnavailable\"}}"));
        server.createContext("/midway", exchange -> stream(exchange, List.of("data: {\"choices\":[{\"text\":\"a\"}]}\n\n",
                "data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\n"), 10));
        server.createContext("/empty", exchange -> stream(exchange, List.of("data: {\"choices\":[]}\n\n", "data: [DONE]\n\n"), 5));
        server.createContext("/silent", exchange -> stream(exchange, List.of("data: {\"choices\":[{\"text\":\"a\"}]}\n\n"), 5000));
        server.createContext("/whole", exchange -> plain(exchange, 200,
                "{\"choices\":[{\"text\":\"all of it\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}"));
        server.start();
        client = new InferenceClient(2);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        client.close();
    }

    /** Writes each part, flushed, {@code gapMs} apart; the last part stays open for {@code gapMs} more before the end. */
    private static void stream(HttpExchange exchange, List<String> parts, long gapMs) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String part : parts) {
                sleep(gapMs);
                out.write(part.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            sleep(parts.size() == 1 ? gapMs : 0);
        } catch (IOException clientLeft) {
            // The timeout case closes the connection under us.
        }
    }

    private static void plain(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Exchange call(String path, boolean stream, ApiFlavour api, Duration timeout) throws Exception {
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        client.start(uri, "{}".getBytes(StandardCharsets.UTF_8), stream, api, timeout, done::complete);
        return done.get(20, TimeUnit.SECONDS);
    }

    private static Exchange call(String path) throws Exception {
        return call(path, true, ApiFlavour.COMPLETIONS, Duration.ofSeconds(10));
    }

    @Test
    void eventsSplitAnywhereAreReassembledAndTimedChunkByChunk() throws Exception {
        Exchange exchange = call("/split");
        assertThat(exchange.succeeded()).as(exchange.error()).isTrue();
        assertThat(exchange.contentChunks()).isEqualTo(3);
        assertThat(exchange.outputTokens()).as("the server's usage").isEqualTo(3);
        assertThat(exchange.promptTokens()).isEqualTo(7);
        int[] itl = exchange.itlMicros();
        assertThat(itl).hasSize(2);
        // The first chunk completes with the second write, the second chunk with the third, the third with the fourth.
        for (int gap : itl) {
            assertThat(gap).isBetween(15_000, 200_000);
        }
        long ttft = exchange.firstContentNanos() - exchange.sentNanos();
        assertThat(ttft).isBetween(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(exchange.endNanos()).isGreaterThan(exchange.firstContentNanos());
    }

    @Test
    void withoutUsageOutputTokensAreContentChunksAndEmptyTextIsNoChunk() throws Exception {
        Exchange exchange = call("/nousage");
        assertThat(exchange.succeeded()).isTrue();
        assertThat(exchange.contentChunks()).isEqualTo(2);
        assertThat(exchange.outputTokens()).isEqualTo(2);
        assertThat(exchange.itlMicros()).hasSize(1);
    }

    @Test
    void chatCountsDeltaContentAndNotTheRoleChunk() throws Exception {
        Exchange exchange = call("/chat", true, ApiFlavour.CHAT, Duration.ofSeconds(10));
        assertThat(exchange.succeeded()).isTrue();
        assertThat(exchange.contentChunks()).isEqualTo(2);
        assertThat(exchange.firstContentNanos() - exchange.sentNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(35));
    }

    @Test
    void anHttpErrorIsItsStatusWithTheServersMessage() throws Exception {
        Exchange exchange = call("/busy");
        assertThat(exchange.errorKind()).isEqualTo("http_503");
        assertThat(exchange.httpStatus()).isEqualTo(503);
        assertThat(exchange.error()).isEqualTo("HTTP 503: the engine is full");
    }

    @Test
    void anErrorInTheStreamFailsTheRequest() throws Exception {
        Exchange exchange = call("/midway");
        assertThat(exchange.errorKind()).isEqualTo("stream_error");
        assertThat(exchange.error()).isEqualTo("engine died");
    }

    @Test
    void aStreamWithoutContentCannotBeTimed() throws Exception {
        assertThat(call("/empty").errorKind()).isEqualTo("no_content");
    }

    @Test
    void aSilentTargetTimesOutAndTheConnectionIsDropped() throws Exception {
        long start = System.nanoTime();
        Exchange exchange = call("/silent", true, ApiFlavour.COMPLETIONS, Duration.ofMillis(300));
        assertThat(exchange.errorKind()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aNonStreamingAnswerIsOneChunk() throws Exception {
        Exchange exchange = call("/whole", false, ApiFlavour.COMPLETIONS, Duration.ofSeconds(10));
        assertThat(exchange.succeeded()).isTrue();
        assertThat(exchange.contentChunks()).isEqualTo(1);
        assertThat(exchange.outputTokens()).isEqualTo(3);
        assertThat(exchange.itlMicros()).isEmpty();
    }

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        client.start(URI.create("http://127.0.0.1:" + Simulator.freePort() + "/v1/completions"), new byte[0], true, ApiFlavour.COMPLETIONS,
                Duration.ofSeconds(5), done::complete);
        Exchange exchange = done.get(10, TimeUnit.SECONDS);
        assertThat(exchange.errorKind()).isEqualTo("connection_refused");
        assertThat(exchange.error()).startsWith("ConnectException");
    }

    @Test
    void theFirstModelOfATargetIsFoundAndAMissingOneIsExplained() throws Exception {
        server.createContext("/v1/models", exchange -> plain(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"org/model-a\"},{\"id\":\"b\"}]}"));
        assertThat(client.firstModel("http://127.0.0.1:" + server.getAddress().getPort())).isEqualTo("org/model-a");
        int closed = Simulator.freePort();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.firstModel("http://127.0.0.1:" + closed))
                .hasMessageContaining("/v1/models did not answer");
    }
}
