package io.hpcorchestrator.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.testing.Api;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.TestTokens;
import java.util.ArrayList;
import java.util.List;
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
 * One user cannot hold more than {@code hpc.limits.*} queued or running benchmarks and client groups: the next start
 * is a 429 with {@code Retry-After}, other users are not affected, and a place comes back when one ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.PROPERTY, "hpc.client.groups.poll-interval=1h", "hpc.limits.active-benchmarks-per-user=2",
            "hpc.limits.active-client-groups-per-user=1", "hpc.limits.active-retry-after=45s"})
class ClientLimitsTests {

    @LocalServerPort
    int port;

    @Autowired
    BenchmarkRepository repository;

    private Api alice;
    private final List<String> started = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> "http://127.0.0.1:" + Simulator.freePort());
    }

    @BeforeEach
    void api() {
        alice = new Api("http://127.0.0.1:" + port, TestTokens.ALICE);
    }

    @AfterEach
    void cancelEverything() {
        Api admin = alice.as(TestTokens.ADMIN);
        started.forEach(id -> admin.expect(200, "DELETE", "/api/v1/benchmarks/" + id, null));
    }

    private String start(Api api) {
        String id = api.expect(201, "POST", "/api/v1/benchmarks", Fixtures.idleBenchmark()).get("id").asString();
        started.add(id);
        return id;
    }

    @Test
    void aThirdActiveBenchmarkIsRefusedWithRetryAfterUntilOneEnds() {
        String first = start(alice);
        start(alice);

        Api.Response refused = alice.call("POST", "/api/v1/benchmarks", Fixtures.idleBenchmark());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("45");
        JsonNode problem = refused.json();
        assertThat(problem.get("detail").asString()).isEqualTo("at most 2 queued or running benchmarks per user; cancel one or wait until one ends");
        assertThat(problem.get("retry_after_seconds").asInt()).isEqualTo(45);
        assertThat(refused.text()).doesNotContain("Exception", "at io.");

        start(alice.as(TestTokens.BOB));

        alice.expect(200, "DELETE", "/api/v1/benchmarks/" + first, null);
        start(alice);
    }

    @Test
    void aClientGroupBeyondTheLimitIsRefusedBeforeTheServerIsAsked() {
        String plan = repository.find(start(alice)).orElseThrow().plan();
        started.add(Fixtures.storeActiveClientGroup(repository, "alice", plan));
        String body = "{\"service_id\": \"svc-0123456789ab\", \"duration_seconds\": 10}";

        Api.Response refused = alice.call("POST", "/api/v1/client-groups", body);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("45");
        assertThat(refused.json().get("detail").asString()).contains("at most 1 queued or running client groups per user");
        // Bob has none: his request gets as far as the server, which is not reachable here.
        assertThat(alice.as(TestTokens.BOB).call("POST", "/api/v1/client-groups", body).status()).isEqualTo(503);

        JsonNode audit = alice.as(TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=alice&action=client-group.create", null);
        assertThat(audit.get(0).get("outcome").asString()).isEqualTo("refused");
        assertThat(audit.get(0).get("target").asString()).isEqualTo("service svc-0123456789ab");
    }
}
