package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's HTTP API as a test calls it, as one user (alice unless a token is given): any status comes back as a
 * response, bodies as JSON trees.
 */
public final class ServerApi {

    private final RestClient client;
    private final JsonMapper json = JsonMapper.shared();

    public ServerApi(String baseUrl) {
        this(baseUrl, TestTokens.ALICE);
    }

    public ServerApi(String baseUrl, String token) {
        // The JDK client, not Apache's (on the class path for the gateway), which would silently retry a 429 after Retry-After.
        this.client = RestClient.builder().requestFactory(new org.springframework.http.client.JdkClientHttpRequestFactory())
                .baseUrl(baseUrl).defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    public record Response(int status, HttpHeaders headers, JsonNode body) {
    }

    public Response call(String method, String path, String body, String... headers) {
        var spec = client.method(HttpMethod.valueOf(method)).uri(path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            spec = spec.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        ResponseEntity<String> response = spec.retrieve().toEntity(String.class);
        String text = response.getBody();
        return new Response(response.getStatusCode().value(), response.getHeaders(),
                text == null || text.isBlank() ? null : json.readTree(text));
    }

    /** A call that must answer {@code status}; returns the body. */
    public JsonNode expect(int status, String method, String path, String body, String... headers) {
        Response response = call(method, path, body, headers);
        assertThat(response.status()).as("%s %s -> %s", method, path, response.body()).isEqualTo(status);
        return response.body();
    }
}
