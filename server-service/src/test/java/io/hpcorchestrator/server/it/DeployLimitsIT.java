package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The per-user limits on the real cluster, set small: refusals are 429 with {@code Retry-After}, per user, and audited. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {TestTokens.PROPERTY,
        "hpc.limits.active-services-per-user=2", "hpc.limits.deploys-per-minute=3", "hpc.limits.active-retry-after=45s"})
class DeployLimitsIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final String SLOW_ECHO = "{\"recipe_name\": \"tests/slow-echo\"}";

    @LocalServerPort
    int port;

    private final List<String[]> deployed = new ArrayList<>();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ItCluster.local(registry, CLUSTER);
    }

    private ServerApi as(String token) {
        return new ServerApi("http://127.0.0.1:" + port, token);
    }

    private String deploy(String token) {
        String id = as(token).expect(201, "POST", "/api/v1/services", SLOW_ECHO).get("id").asString();
        deployed.add(new String[] {token, id});
        return id;
    }

    @AfterEach
    void cancelDeployed() {
        deployed.forEach(service -> as(service[0]).call("DELETE", "/api/v1/services/" + service[1], null));
    }

    @Test
    void aUserAtTheActiveServicesLimitGets429UntilOneEnds() {
        String first = deploy(TestTokens.ALICE);
        deploy(TestTokens.ALICE);

        ServerApi.Response refused = as(TestTokens.ALICE).call("POST", "/api/v1/services", SLOW_ECHO);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("45");
        assertThat(refused.body().get("detail").asString()).contains("at most 2 active services per user");
        assertThat(as(TestTokens.ALICE).expect(200, "GET", "/api/v1/services", null)).hasSize(2);

        deploy(TestTokens.BOB);

        as(TestTokens.ALICE).expect(200, "DELETE", "/api/v1/services/" + first, null);
        deploy(TestTokens.ALICE);

        JsonNode audit = as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=alice&action=service.deploy", null);
        assertThat(audit).anySatisfy(event -> {
            assertThat(event.get("outcome").asString()).isEqualTo("refused");
            assertThat(event.get("detail").asString()).contains("active services");
        });
    }

    @Test
    void aUserBeyondTheDeploysPerMinuteGets429WithTheSecondsToWait() {
        for (int i = 0; i < 3; i++) {
            String id = deploy(TestTokens.ADMIN);
            as(TestTokens.ADMIN).expect(200, "DELETE", "/api/v1/services/" + id, null);
        }

        ServerApi.Response refused = as(TestTokens.ADMIN).call("POST", "/api/v1/services", SLOW_ECHO);
        assertThat(refused.status()).as("admins are held to the limits too").isEqualTo(429);
        assertThat(Integer.parseInt(refused.headers().getFirst("Retry-After"))).isBetween(1, 60);
        assertThat(refused.body().get("detail").asString()).contains("at most 3 deploys per minute per user");
        assertThat(refused.body().toString()).doesNotContain("Exception");

        ServerApi.Response invalid = as(TestTokens.ADMIN).call("POST", "/api/v1/services", "{\"recipe_name\": \"tests/no-such\"}");
        assertThat(invalid.status()).as("a request refused anyway is answered as such, whatever the limits").isEqualTo(404);
    }
}
