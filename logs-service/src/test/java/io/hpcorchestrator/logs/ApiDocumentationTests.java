package io.hpcorchestrator.logs;

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

/** Every operation in the logs service's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() throws Exception {
        String guide = Files.readString(Path.of("../docs/api.md"));
        String logs = guide.substring(guide.indexOf("## Logs service (port 8004)"), guide.indexOf("## Client (port 8002)"));
        JsonNode paths = JsonMapper.shared().readTree(RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestTokens.bearer(TestTokens.ALICE)).build()
                .get().uri("/v3/api-docs").retrieve().body(String.class)).get("paths");
        assertThat(paths.propertyNames()).hasSizeGreaterThanOrEqualTo(4);
        for (String path : paths.propertyNames()) {
            // The guide writes path parameters in snake_case, as the JSON: {serviceId} is {service_id} there.
            String documented = path.replace("{serviceId}", "{service_id}");
            for (String method : paths.get(path).propertyNames()) {
                assertThat(logs).as("docs/api.md's logs section describes %s %s", method.toUpperCase(), documented)
                        .containsPattern("`" + method.toUpperCase() + " " + Pattern.quote(documented) + "[`?]");
            }
        }
    }
}
