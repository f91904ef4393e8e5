package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.server.service.ServiceRepository;
import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.FuzzCheck;
import io.hpcorchestrator.testing.security.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Thousands of malformed, oversized, wrongly typed and deeply nested bodies to every operation of the OpenAPI
 * document that takes one: never a 5xx, never internals in the answer, and nothing stored or submitted to SLURM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class ApiFuzzIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final int BODIES_PER_OPERATION = 1_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20_261_126L);

    @LocalServerPort
    int port;
    @Autowired
    ServiceRepository repository;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ItCluster.local(registry, CLUSTER);
    }

    @Test
    void malformedBodiesToEveryBodyOperationAreRefusedWithoutInternalsAndSubmitNothing() {
        URI base = URI.create("http://127.0.0.1:" + port);
        List<ApiOperation> operations = new ApiSecurityChecks(base, TestTokens.BOB).operations();
        List<ApiOperation> withBodies = operations.stream().filter(ApiOperation::hasBody).toList();
        assertThat(withBodies).map(ApiOperation::toString).contains("POST /api/v1/services", "POST /api/v1/services/{id}/status",
                "POST /api/v1/recipes/{category}/{name}/render", "POST /api/v1/vllm/{id}/prompt", "POST /v1/completions",
                "POST /v1/chat/completions");

        // A real recipe, so that the bodies reach the override validation and the renderer behind the parser.
        Map<String, Map<Integer, Integer>> statuses = new FuzzCheck(base, TestTokens.BOB)
                .run(operations, Map.of("category", "examples", "name", "http-echo"), SEED, BODIES_PER_OPERATION);

        System.out.println("fuzz answers per operation (seed " + SEED + "): " + statuses);
        assertThat(statuses).hasSize(withBodies.size());
        statuses.values().forEach(counts -> assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
                .isGreaterThanOrEqualTo(BODIES_PER_OPERATION));
        assertThat(repository.count()).as("services stored").isZero();
        assertThat(meters.find("hpc.slurm.calls").tag("verb", "submit").timers()).as("sbatch calls")
                .allSatisfy(timer -> assertThat(timer.count()).isZero());
        assertThat(new ServerApi(base.toString(), TestTokens.ADMIN).expect(200, "GET", "/api/v1/audit?user=bob&limit=1000", null))
                .allSatisfy(event -> assertThat(event.get("outcome").asString()).isNotEqualTo("ok"));
    }
}
