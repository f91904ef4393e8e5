package io.hpcorchestrator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.security.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every operation in the monitoring service's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() throws Exception {
        String guide = Files.readString(Path.of("../docs/api.md"));
        String monitoring = guide.substring(guide.indexOf("\n## Monitoring\n"), guide.indexOf("\n## Logs service"));
        JsonNode paths = JsonMapper.shared().readTree(RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestTokens.bearer(TestTokens.ALICE)).build()
                .get().uri("/v3/api-docs").retrieve().body(String.class)).get("paths");
        assertThat(paths.propertyNames()).contains("/", "/api/v1/targets", "/api/v1/status");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                // The path ends at the closing backtick or the query string: "`GET /`" must not pass for "`GET /api/...`".
                assertThat(monitoring).as("docs/api.md's monitoring section describes %s %s", method.toUpperCase(), path)
                        .containsPattern("`" + method.toUpperCase() + " " + Pattern.quote(path) + "[`?]");
            }
        }
    }
}
