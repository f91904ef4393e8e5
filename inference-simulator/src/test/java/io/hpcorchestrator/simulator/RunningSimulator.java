package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A simulator started in-process on a free port, and an HTTP client for it. */
final class RunningSimulator implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final InferenceSimulator simulator;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RunningSimulator(InferenceSimulator simulator) {
        this.simulator = simulator;
    }

    static RunningSimulator start(SimulatorConfig config) {
        try {
            return new RunningSimulator(InferenceSimulator.start(config.withPort(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunningSimulator start() {
        return start(SimulatorConfig.defaults().withTiming(Latency.fixed(1), Latency.fixed(1)));
    }

    URI uri(String path) {
        return simulator.baseUri().resolve(path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(postRequest(path, body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return client.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The response as soon as its headers arrive; the body is read as it comes. */
    HttpResponse<InputStream> postStreaming(String path, String body) {
        try {
            return client.send(postRequest(path, body), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String metrics() {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /**
     * The value of the one series of {@code name} that carries all of the given labels, e.g.
     * {@code metric("vllm:request_success_total", "finished_reason", "length")}.
     */
    double metric(String name, String... labels) {
        return metricIn(metrics(), name, labels);
    }

    static double metricIn(String text, String name, String... labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> {
                    String series = line.substring(0, line.lastIndexOf(' '));
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!series.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " with " + Arrays.toString(labels) + " in\n" + text));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        simulator.close();
    }

    private HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
