package io.hpcorchestrator.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP API as a test calls it: any status comes back, bodies as JSON trees (or text). Calls carry a bearer token:
 * alice's ({@link TestTokens#ALICE}) unless another is given, so the services under test run with
 * {@link TestTokens#HPC_TOKENS}.
 */
public final class Api {

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public Api(String baseUrl) {
        this(baseUrl, TestTokens.ALICE);
    }

    /** @param token sent as {@code Authorization: Bearer}; null sends no header */
    public Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same API, called with another token. */
    public Api as(String otherToken) {
        return new Api(baseUrl, otherToken);
    }

    public record Response(int status, String contentType, String text, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return text == null || text.isBlank() ? null : JsonMapper.shared().readTree(text);
        }
    }

    public Response call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call that must answer {@code status}; returns the body as JSON. */
    public JsonNode expect(int status, String method, String path, String body) {
        Response response = call(method, path, body);
        assertThat(response.status()).as("%s %s -> %s", method, path, response.text()).isEqualTo(status);
        return response.json();
    }
}
