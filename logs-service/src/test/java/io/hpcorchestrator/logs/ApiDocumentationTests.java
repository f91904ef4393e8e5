package io.hpcorchestrator.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.ApiGuide;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every operation in the logs service's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() {
        List<ApiOperation> operations = new ApiSecurityChecks(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE).operations();
        assertThat(operations.stream().map(ApiOperation::path).distinct()).hasSizeGreaterThanOrEqualTo(4);
        // The guide writes path parameters in snake_case, as the JSON: {serviceId} is {service_id} there.
        ApiGuide.describesEvery(ApiGuide.section("## Logs service (port 8004)", "## Client (port 8002)"), operations,
                path -> path.replace("{serviceId}", "{service_id}"));
    }
}
