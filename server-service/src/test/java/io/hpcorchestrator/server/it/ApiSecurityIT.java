package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The server's API, checked operation by operation from its own OpenAPI document on the real cluster: tokens are
 * required everywhere, the scrape token changes nothing, and one user's service does not exist for another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiSecurityIT {

    private static final DevCluster CLUSTER = DevCluster.load();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ItCluster.local(registry, CLUSTER);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private ServerApi as(String token) {
        return new ServerApi(base().toString(), token);
    }

    @Test
    void everyOperationAnswers401WithoutATokenOrWithAWrongOne() {
        new ApiSecurityChecks(base(), TestTokens.ALICE).everyOperationRequiresAToken();
    }

    @Test
    void theApiDescriptionAndSwaggerUiLoadWithoutATokenAndLeadNowhereElse() {
        new ApiSecurityChecks(base(), TestTokens.ALICE).theApiDescriptionIsOpenAndLeadsNowhereElse();
    }

    @Test
    void theScrapeTokenChangesNothingAndReadsOnlyMetrics() {
        ApiSecurityChecks checks = new ApiSecurityChecks(base(), TestTokens.ALICE);
        checks.theScrapeTokenCannotChangeAnything(TestTokens.SCRAPE);
        assertThat(checks.send("GET", "/actuator/prometheus", TestTokens.SCRAPE, null).statusCode()).isEqualTo(200);
        assertThat(checks.send("GET", "/api/v1/services", TestTokens.SCRAPE, null).statusCode()).isEqualTo(403);
        assertThat(checks.send("GET", "/api/v1/audit", TestTokens.SCRAPE, null).statusCode()).isEqualTo(403);
    }

    @Test
    void anotherUsersServiceIsNotFoundByAnyOperationAndSurvivesTheirCancel() {
        JsonNode deployed = as(TestTokens.ALICE).expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/slow-echo\"}");
        String id = deployed.get("id").asString();
        String jobId = Long.toString(deployed.get("job_id").asLong());
        assertThat(deployed.get("owner").asString()).isEqualTo("alice");
        try {
            ApiSecurityChecks checks = new ApiSecurityChecks(base(), TestTokens.BOB);
            List<ApiOperation> byId = checks.othersResourcesAreNotFound(Map.of("id", id), TestTokens.BOB, ApiSecurityIT::validBody);
            checks.othersResourcesAreNotFound(Map.of("id", jobId), TestTokens.BOB, ApiSecurityIT::validBody);
            assertThat(byId).map(ApiOperation::toString).contains("GET /api/v1/services/{id}", "DELETE /api/v1/services/{id}",
                    "GET /api/v1/services/{id}/status", "POST /api/v1/services/{id}/status", "GET /api/v1/services/{id}/logs",
                    "GET /api/v1/services/{id}/metrics", "GET /api/v1/vllm/{id}/models", "POST /api/v1/vllm/{id}/prompt");

            assertThat(as(TestTokens.BOB).expect(200, "GET", "/api/v1/services?limit=1000", null).findValuesAsString("id")).doesNotContain(id);
            assertThat(as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/services?limit=1000", null).findValuesAsString("id")).contains(id);
            assertThat(as(TestTokens.SERVICE).expect(200, "GET", "/api/v1/services/" + id, null).get("owner").asString()).isEqualTo("alice");
            JsonNode still = as(TestTokens.ALICE).expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(still.get("cancel_requested").asBoolean()).as("bob's DELETE and status change cancelled nothing").isFalse();
            assertThat(still.get("status").asString()).isNotEqualTo("CANCELLED");

            JsonNode deploys = as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=alice&action=service.deploy", null);
            assertThat(deploys).anySatisfy(event -> {
                assertThat(event.get("target").asString()).isEqualTo(id);
                assertThat(event.get("outcome").asString()).isEqualTo("ok");
                assertThat(event.get("role").asString()).isEqualTo("user");
            });
            JsonNode cancels = as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=bob&action=service.cancel", null);
            assertThat(cancels).isNotEmpty().allSatisfy(event -> assertThat(event.get("outcome").asString()).isEqualTo("refused"));
            as(TestTokens.ALICE).expect(403, "GET", "/api/v1/audit", null);
        } finally {
            as(TestTokens.ALICE).expect(200, "DELETE", "/api/v1/services/" + id, null);
        }
        JsonNode cancels = as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=alice&action=service.cancel", null);
        assertThat(cancels).anySatisfy(event -> {
            assertThat(event.get("target").asString()).isEqualTo(id);
            assertThat(event.get("outcome").asString()).isEqualTo("ok");
        });
    }

    @Test
    void anAdminSeesAndCancelsAnyonesService() {
        String id = as(TestTokens.BOB).expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/slow-echo\"}").get("id").asString();
        JsonNode cancelled = as(TestTokens.ADMIN).expect(200, "DELETE", "/api/v1/services/" + id, null);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("owner").asString()).isEqualTo("bob");
        JsonNode audit = as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=root&action=service.cancel", null);
        assertThat(audit).anySatisfy(event -> assertThat(event.get("target").asString()).isEqualTo(id));
    }

    @Test
    void anIdempotencyKeyBelongsToTheUserWhoSentIt() {
        String key = "shared-" + UUID.randomUUID();
        String body = "{\"recipe_name\": \"tests/exit-one\"}";
        String alices = as(TestTokens.ALICE).call("POST", "/api/v1/services", body, "Idempotency-Key", key).body().get("id").asString();
        ServerApi.Response bobs = as(TestTokens.BOB).call("POST", "/api/v1/services", body, "Idempotency-Key", key);
        assertThat(bobs.status()).as("bob's first use of the key is a new deployment").isEqualTo(201);
        assertThat(bobs.body().get("id").asString()).isNotEqualTo(alices);
        ServerApi.Response again = as(TestTokens.ALICE).call("POST", "/api/v1/services", body, "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asString()).isEqualTo(alices);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(as(TestTokens.ALICE).expect(200, "GET", "/api/v1/services/" + alices, null).get("status").asString()).isEqualTo("FAILED"));
    }

    /** A body only ownership can refuse. */
    private static String validBody(ApiOperation operation) {
        if (operation.path().endsWith("/status")) {
            return "{\"status\": \"cancelled\"}";
        }
        if (operation.path().endsWith("/prompt")) {
            return "{\"prompt\": \"hello\", \"max_tokens\": 4}";
        }
        return "{}";
    }
}
