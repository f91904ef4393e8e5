package io.hpcorchestrator.testing.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Sends {@link JsonFuzz} bodies to every operation that takes a body and checks each answer: never a 5xx, never
 * a stack trace or an exception class name in the body.
 */
public final class FuzzCheck {

    private static final Pattern LEAK = Pattern.compile("\tat |Exception|\\bjava\\.|tools\\.jackson|org\\.springframework");

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FuzzCheck(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * @param pathValues values for path parameters (others get {@link ApiSecurityChecks#UNKNOWN})
     * @return how many answers of each status, per operation, for the test to print or check further
     */
    public Map<String, Map<Integer, Integer>> run(List<ApiOperation> operations, Map<String, String> pathValues, long seed, int bodiesPerOperation) {
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        List<String> offenders = new ArrayList<>();
        for (ApiOperation operation : operations) {
            if (!operation.hasBody()) {
                continue;
            }
            Map<Integer, Integer> counts = statuses.computeIfAbsent(operation.toString(), key -> new TreeMap<>());
            int index = 0;
            for (byte[] body : new JsonFuzz(seed).bodies(operation.bodyFields(), bodiesPerOperation)) {
                HttpResponse<String> response = send(operation.method(), operation.path(pathValues, ApiSecurityChecks.UNKNOWN), body);
                counts.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500 || LEAK.matcher(response.body()).find()) {
                    offenders.add(operation + " body #" + index + " (seed " + seed + "): " + response.statusCode() + " "
                            + response.body().substring(0, Math.min(300, response.body().length())));
                }
                index++;
            }
        }
        assertThat(offenders).as("answers with a 5xx or internals in the body").isEmpty();
        return statuses;
    }

    private HttpResponse<String> send(String method, String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(token))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // A server may close the connection on a body beyond its limit before reading it; that is not a 5xx.
            if (body.length > 1024 * 1024) {
                return new ClosedResponse(request);
            }
            throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stands for a refused oversized upload the server closed on (status 413). */
    private record ClosedResponse(HttpRequest request) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 413;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
