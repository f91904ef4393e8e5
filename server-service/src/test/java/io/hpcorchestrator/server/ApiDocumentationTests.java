package io.hpcorchestrator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every operation in the server's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() throws Exception {
        String guide = Files.readString(Path.of("../docs/api.md"));
        JsonNode paths = JsonMapper.shared().readTree(RestClient.create("http://127.0.0.1:" + port).get().uri("/v3/api-docs")
                .header("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .retrieve().body(String.class)).get("paths");
        assertThat(paths.propertyNames()).isNotEmpty();
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                assertThat(guide).as("docs/api.md describes %s %s", method.toUpperCase(), path)
                        .contains("`" + method.toUpperCase() + " " + path);
            }
        }
    }
}
