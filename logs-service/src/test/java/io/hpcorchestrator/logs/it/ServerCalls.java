package io.hpcorchestrator.logs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls as a test makes them, with a token: any status comes back, bodies as JSON trees. */
public final class ServerCalls {

    private final RestClient client;
    private final String baseUrl;

    public ServerCalls(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.client = RestClient.builder().defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .defaultHeader("Authorization", TestTokens.bearer(token)).build();
    }

    public record Answer(int status, JsonNode body, String text) {
    }

    public Answer call(String method, String path, String body) {
        var spec = client.method(HttpMethod.valueOf(method)).uri(java.net.URI.create(baseUrl + path));
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        ResponseEntity<String> response = spec.retrieve().toEntity(String.class);
        String text = response.getBody() == null ? "" : response.getBody();
        JsonNode json = text.startsWith("{") || text.startsWith("[") ? JsonMapper.shared().readTree(text) : null;
        return new Answer(response.getStatusCode().value(), json, text);
    }

    public JsonNode expect(int status, String method, String path, String body) {
        Answer answer = call(method, path, body);
        assertThat(answer.status()).as("%s %s -> %s", method, path, answer.text()).isEqualTo(status);
        return answer.body();
    }

    /** Deploys a recipe through the server; returns the new service's id. */
    public String deploy(String recipe) {
        JsonNode created = expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"" + recipe + "\"}");
        return created.get("id").asString();
    }
}
