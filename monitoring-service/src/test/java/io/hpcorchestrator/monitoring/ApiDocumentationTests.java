package io.hpcorchestrator.monitoring;

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

/** Every operation in the monitoring service's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() {
        List<ApiOperation> operations = new ApiSecurityChecks(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE).operations();
        assertThat(operations).extracting(ApiOperation::path).contains("/", "/api/v1/targets", "/api/v1/status");
        ApiGuide.describesEvery(ApiGuide.section("\n## Monitoring\n", "\n## Logs service"), operations, path -> path);
    }
}
