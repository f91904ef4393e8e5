package io.hpcorchestrator.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.testing.Simulator;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.FuzzCheck;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Thousands of hostile bodies (malformed, oversized, wrongly typed, deeply nested) to every operation of the client's
 * OpenAPI document that takes one: never a 5xx, never internals in the answer, and nothing started: no benchmark
 * stored, no SLURM transport even created. A body that names a plausible service id gets as far as the server; the
 * simulator stands in for a server that knows none (it answers 404 to every path of the server's API), so such a
 * body ends as the 400 an unknown service is, not as the 503 of an unreachable server. {@code -Dfuzz.seed} replays
 * another run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {TestTokens.PROPERTY, "hpc.client.groups.poll-interval=1h"})
class ClientFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20260329L);
    private static final int BODIES_PER_OPERATION = 1500;

    private static Simulator server;

    @LocalServerPort
    int port;

    @Autowired
    BenchmarkRepository repository;

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        server = Simulator.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hpc.client.server.url", () -> server.baseUrl());
    }

    @Test
    void hostileBodiesAreRefusedWithoutA5xxAndStartNothing() {
        URI base = URI.create("http://127.0.0.1:" + port);
        List<ApiOperation> operations = new ApiSecurityChecks(base, TestTokens.ALICE).operations();
        assertThat(operations.stream().filter(ApiOperation::hasBody).map(ApiOperation::toString))
                .contains("POST /api/v1/benchmarks", "POST /api/v1/client-groups");

        Map<String, Map<Integer, Integer>> statuses = new FuzzCheck(base, TestTokens.ALICE).run(operations, Map.of(), SEED, BODIES_PER_OPERATION);

        System.out.println("fuzz answers by operation and status (seed " + SEED + "): " + statuses);
        assertThat(statuses.values()).allSatisfy(counts -> assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(BODIES_PER_OPERATION));
        assertThat(repository.list(1000, 0, null, null, null)).as("benchmarks and client groups stored").isEmpty();
        assertThat(context.getBeanFactory().containsSingleton("slurmClient")).as("a SLURM transport was created").isFalse();
    }
}
