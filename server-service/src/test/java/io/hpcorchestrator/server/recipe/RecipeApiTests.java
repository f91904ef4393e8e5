package io.hpcorchestrator.server.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestTokens.PROPERTY,
        "hpc.cluster.runtime=none",
        "hpc.cluster.paths.work-dir=/cluster/work",
        "hpc.cluster.defaults.partition=batch"})
class RecipeApiTests {

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.shared();

    private ResponseEntity<String> exchange(String method, String path, String body) {
        RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
        var spec = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path);
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.retrieve().toEntity(String.class);
    }

    private JsonNode ok(String method, String path, String body) {
        ResponseEntity<String> response = exchange(method, path, body);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private JsonNode problem(String method, String path, String body, int status) {
        ResponseEntity<String> response = exchange(method, path, body);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody()).doesNotContain("Exception", "at io.", "at org.");
        return json.readTree(response.getBody());
    }

    @Test
    void listsEveryShippedRecipeById() {
        JsonNode list = ok("GET", "/api/v1/recipes", null);
        assertThat(list.findValuesAsString("id")).contains("examples/http-echo", "inference/vllm", "storage/postgres");
        JsonNode echo = list.get(0);
        assertThat(echo.get("id").asString()).isEqualTo("examples/http-echo");
        assertThat(echo.get("ports").asString()).isEqualTo("auto");
        assertThat(echo.has("has_definition")).isTrue();
    }

    @Test
    void readsARecipeInSnakeCaseWithItsDefinition() {
        JsonNode vllm = ok("GET", "/api/v1/recipes/inference/vllm", null);
        assertThat(vllm.get("id").asString()).isEqualTo("inference/vllm");
        assertThat(vllm.at("/recipe/resources/time_limit").asString()).isNotBlank();
        assertThat(vllm.at("/recipe/container/definition").asString()).isEqualTo("vllm.def");
        assertThat(vllm.get("definition").asString()).contains("Bootstrap: docker");
    }

    @Test
    void unknownRecipesAreNotFoundAndMalformedNamesAreBadRequests() {
        JsonNode missing = problem("GET", "/api/v1/recipes/inference/nope", null, 404);
        assertThat(missing.get("recipe_name").asString()).isEqualTo("inference/nope");
        JsonNode malformed = problem("GET", "/api/v1/recipes/Inference/vllm", null, 400);
        assertThat(malformed.at("/errors/0/field").asString()).isEqualTo("recipe_name");
    }

    @Test
    void rendersADryRunWithOverridesAndClusterDefaults() {
        JsonNode rendered = ok("POST", "/api/v1/recipes/examples/http-echo/render",
                "{\"config\": {\"environment\": {\"ECHO_TEXT\": \"it's $(here)\"}, \"resources\": {\"cpu\": \"2\"}}}");
        assertThat(rendered.get("runtime").asString()).isEqualTo("none");
        assertThat(rendered.get("job_name").asString()).isEqualTo("http-echo");
        assertThat(rendered.get("stdout_path").asString()).isEqualTo("/cluster/work/%x-%j.out");
        assertThat(rendered.get("script").asString())
                .contains("#SBATCH --partition=batch", "#SBATCH --cpus-per-task=2", "export ECHO_TEXT='it'\\''s $(here)'");
    }

    @Test
    void rendersWithoutABody() {
        assertThat(ok("POST", "/api/v1/recipes/examples/http-echo/render", null).get("script").asString()).startsWith("#!/bin/bash");
    }

    @Test
    void invalidOverridesAnswer400NamingEveryField() {
        JsonNode problem = problem("POST", "/api/v1/recipes/examples/http-echo/render",
                "{\"config\": {\"resources\": {\"memory_per_cpu\": \"1G\", \"gpu_type\": \"a100\"}, \"slurm\": {\"partition\": \"a;b\"}}}", 400);
        assertThat(problem.get("source").asString()).isEqualTo("config");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("config.resources.memory_per_cpu", "config.resources.gpu_type", "config.slurm.partition");
    }

    @Test
    void malformedJsonIsABadRequestWithoutInternals() {
        problem("POST", "/api/v1/recipes/examples/http-echo/render", "{\"config\": ", 400);
    }

    @Test
    void theOpenApiDocumentDescribesTheRecipeEndpoints() {
        JsonNode doc = ok("GET", "/v3/api-docs", null);
        assertThat(doc.get("paths").propertyNames())
                .contains("/api/v1/recipes", "/api/v1/recipes/{category}/{name}", "/api/v1/recipes/{category}/{name}/render");
    }
}
