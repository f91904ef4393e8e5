package io.hpcorchestrator.client;

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

/** Every operation in the client's OpenAPI document is described in docs/api.md, with its method. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheApiGuide() {
        List<ApiOperation> operations = new ApiSecurityChecks(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE).operations();
        assertThat(operations).hasSizeGreaterThanOrEqualTo(7);
        ApiGuide.describesEvery(ApiGuide.section("## Client (port 8002)", null), operations, path -> path);
    }
}
