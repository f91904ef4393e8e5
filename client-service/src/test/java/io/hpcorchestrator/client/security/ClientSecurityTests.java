package io.hpcorchestrator.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, checked on every operation of the client's own OpenAPI document, so an endpoint added later is
 * covered without touching this test. Alice owns a running benchmark and a client group; bob must not learn they
 * exist, let alone change them; admins and the suite's services see them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.PROPERTY, "hpc.client.groups.poll-interval=1h"})
class ClientSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    BenchmarkRepository repository;

    private Api alice;
    private ApiSecurityChecks checks;
    private String benchmark;
    private String group;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> "http://127.0.0.1:" + Simulator.freePort());
    }

    @BeforeEach
    void aliceHasARunningBenchmarkAndAClientGroup() {
        alice = new Api("http://127.0.0.1:" + port, TestTokens.ALICE);
        checks = new ApiSecurityChecks(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE);
        benchmark = alice.expect(201, "POST", "/api/v1/benchmarks", Fixtures.idleBenchmark()).get("id").asString();
        group = Fixtures.storeActiveClientGroup(repository, "alice", repository.find(benchmark).orElseThrow().plan());
    }

    @AfterEach
    void aliceCancelsThem() {
        alice.expect(200, "DELETE", "/api/v1/benchmarks/" + benchmark, null);
        alice.expect(200, "DELETE", "/api/v1/client-groups/" + group, null);
    }

    @Test
    void everyOperationRequiresAToken() {
        checks.everyOperationRequiresAToken();
    }

    @Test
    void theApiDescriptionAndSwaggerUiLoadWithoutATokenAndLeadNowhereElse() {
        checks.theApiDescriptionIsOpenAndLeadsNowhereElse();
    }

    @Test
    void theScrapeTokenCannotChangeAnything() {
        checks.theScrapeTokenCannotChangeAnything(TestTokens.SCRAPE);
    }

    @Test
    void anotherUsersBenchmarkAndClientGroupAreNotFoundByAnyOperation() {
        List<ApiOperation> onBenchmark = checks.othersResourcesAreNotFound(Map.of("id", benchmark), TestTokens.BOB, operation -> "{}");
        List<ApiOperation> onGroup = checks.othersResourcesAreNotFound(Map.of("id", group), TestTokens.BOB, operation -> "{}");

        assertThat(onBenchmark).map(ApiOperation::toString).contains("GET /api/v1/benchmarks/{id}", "GET /api/v1/benchmarks/{id}/results",
                "GET /api/v1/benchmarks/{id}/results.csv", "GET /api/v1/benchmarks/{id}/report", "DELETE /api/v1/benchmarks/{id}",
                "GET /api/v1/client-groups/{id}", "DELETE /api/v1/client-groups/{id}");
        assertThat(onGroup).isEqualTo(onBenchmark);
        assertThat(alice.expect(200, "GET", "/api/v1/benchmarks/" + benchmark, null).get("status").asString())
                .as("alice's benchmark after bob's DELETE").isEqualTo("RUNNING");
        assertThat(alice.expect(200, "GET", "/api/v1/client-groups/" + group, null).get("status").asString())
                .as("alice's client group after bob's DELETE").isEqualTo("PENDING");
    }

    @Test
    void anotherUsersIdIsAnsweredExactlyAsAnUnknownOne() {
        Api bob = alice.as(TestTokens.BOB);
        String unknown = "bm-000000000000";
        for (String path : List.of("/api/v1/benchmarks/%s", "/api/v1/benchmarks/%s/results", "/api/v1/client-groups/%s")) {
            for (String method : List.of("GET", "DELETE")) {
                if (method.equals("DELETE") && path.endsWith("/results")) {
                    continue;
                }
                String id = path.startsWith("/api/v1/client-groups") ? group : benchmark;
                Api.Response others = bob.call(method, path.formatted(id), null);
                Api.Response none = bob.call(method, path.formatted(unknown), null);
                assertThat(others.status()).as("%s %s", method, path).isEqualTo(404);
                assertThat(others.text().replace(id, unknown)).as("%s %s", method, path).isEqualTo(none.text());
            }
        }
    }

    @Test
    void listsShowTheCallersOwnAndAdminsAndServicesSeeEverything() {
        Api bob = alice.as(TestTokens.BOB);
        assertThat(bob.expect(200, "GET", "/api/v1/benchmarks", null).size()).isZero();
        assertThat(bob.expect(200, "GET", "/api/v1/client-groups", null).size()).isZero();
        assertThat(ids(alice.expect(200, "GET", "/api/v1/benchmarks", null))).contains(benchmark, group);
        assertThat(ids(alice.expect(200, "GET", "/api/v1/client-groups", null))).contains(group).doesNotContain(benchmark);
        for (String token : List.of(TestTokens.ADMIN, TestTokens.SERVICE)) {
            Api other = alice.as(token);
            assertThat(ids(other.expect(200, "GET", "/api/v1/benchmarks", null))).contains(benchmark, group);
            assertThat(ids(other.expect(200, "GET", "/api/v1/client-groups", null))).contains(group);
            other.expect(200, "GET", "/api/v1/benchmarks/" + benchmark + "/results", null);
            other.expect(200, "GET", "/api/v1/client-groups/" + group, null);
        }
        alice.as(TestTokens.SERVICE).expect(403, "DELETE", "/api/v1/benchmarks/" + benchmark, null);
    }

    @Test
    void anAdminMayCancelAnyonesBenchmark() {
        String another = alice.expect(201, "POST", "/api/v1/benchmarks", Fixtures.idleBenchmark()).get("id").asString();
        assertThat(alice.as(TestTokens.ADMIN).expect(200, "DELETE", "/api/v1/benchmarks/" + another, null).get("status").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void startsAndCancelsAreAuditedAndOnlyAdminsReadTheTrail() {
        Api bob = alice.as(TestTokens.BOB);
        bob.expect(404, "DELETE", "/api/v1/benchmarks/" + benchmark, null);
        bob.expect(400, "POST", "/api/v1/benchmarks", "{\"target\": {\"url\": \"ftp://x\"}}");

        bob.expect(403, "GET", "/api/v1/audit", null);
        alice.expect(403, "GET", "/api/v1/audit", null);
        Api admin = alice.as(TestTokens.ADMIN);
        JsonNode started = admin.expect(200, "GET", "/api/v1/audit?user=alice&action=benchmark.start&limit=1000", null);
        assertThat(started.valueStream().filter(event -> event.get("target").asString().equals(benchmark))).singleElement()
                .satisfies(event -> {
                    assertThat(event.get("outcome").asString()).isEqualTo("ok");
                    assertThat(event.get("role").asString()).isEqualTo("user");
                    assertThat(event.get("detail").asString()).startsWith("against url http://127.0.0.1:");
                    assertThat(event.get("at").isNull()).isFalse();
                });
        JsonNode bobs = admin.expect(200, "GET", "/api/v1/audit?user=bob", null);
        assertThat(bobs.valueStream().map(event -> event.get("action").asString() + " " + event.get("target").asString() + " "
                + event.get("outcome").asString())).contains("benchmark.cancel " + benchmark + " refused", "benchmark.start url ftp://x refused");
    }

    private static List<String> ids(JsonNode list) {
        return list.valueStream().map(item -> item.get("id").asString()).toList();
    }
}
