package io.hpcorchestrator.monitoring;

import static io.hpcorchestrator.monitoring.FakeSlurm.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.monitoring.cluster.ClusterSampler;
import io.hpcorchestrator.monitoring.services.ServicesPoller;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.testing.security.ApiOperation;
import io.hpcorchestrator.testing.security.ApiSecurityChecks;
import io.hpcorchestrator.testing.security.FuzzCheck;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens and ownership, generated from the service's own OpenAPI document where they can be: alice and bob each run a
 * service; each sees their own on the status page, JSON and targets, everyone sees the nodes, and Prometheus' scrape
 * token discovers every target but reads nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hpc.monitoring.cluster.enabled=false", "hpc.monitoring.server.enabled=false", TestTokens.PROPERTY})
class MonitoringSecurityTests {

    static final StubServer SERVER = new StubServer();
    static final FakeSlurm SLURM = new FakeSlurm();
    static final String ALICES = "svc-0000000a11ce";
    static final String BOBS = "svc-000000000b0b";

    @TestConfiguration
    static class Cluster {
        @Bean
        @Primary
        SlurmClient fakeSlurm() {
            return SLURM;
        }
    }

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("hpc.monitoring.server.url", SERVER::url);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ClusterSampler sampler;
    @Autowired
    ServicesPoller poller;

    private ApiSecurityChecks checks;

    @BeforeEach
    void aliceAndBobEachRunAService() {
        SLURM.nodes = List.of(node("vm", "debug", 2, 2, "", "", null, "ALLOCATED"));
        SLURM.partitions = List.of(new PartitionInfo("debug", "UP", List.of("vm"), 2, null, true));
        Instant now = Instant.now();
        SERVER.services = List.of(
                StubServer.service(ALICES, "inference/vllm-simulator", "RUNNING", null, "vm", 51L, now, null, "alice"),
                StubServer.service(BOBS, "inference/vllm-simulator", "RUNNING", null, "vm", 52L, now, null, "bob"));
        SERVER.targets = "[" + target(ALICES, 51) + "," + target(BOBS, 52) + "]";
        sampler.sample();
        poller.poll();
        checks = new ApiSecurityChecks(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE);
    }

    private static String target(String id, long job) {
        return """
                {"targets": ["127.0.0.1:8001"], "labels": {"__metrics_path__": "/api/v1/services/%s/metrics", "service_id": "%s",
                 "recipe": "inference/vllm-simulator", "category": "inference", "node": "vm", "slurm_job_id": "%d"}}""".formatted(id, id, job);
    }

    private HttpResponse<String> get(String path, String token) {
        return checks.send("GET", path, token, null);
    }

    private List<String> statusServices(String token) {
        HttpResponse<String> status = get("/api/v1/status", token);
        assertThat(status.statusCode()).isEqualTo(200);
        return JsonMapper.shared().readTree(status.body()).get("services").findValuesAsString("id");
    }

    private List<String> targetServices(String token) {
        HttpResponse<String> targets = get("/api/v1/targets", token);
        assertThat(targets.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JsonMapper.shared().readTree(targets.body()).forEach(group -> ids.add(group.at("/labels/service_id").asString()));
        return ids;
    }

    @Test
    void everyOperationRequiresATokenButTheStatusPageAsksABrowserForOne() {
        checks.everyOperationRequiresAToken("/");
    }

    @Test
    void theStatusPageWithoutATokenHoldsNoDataAndRunsOnlyItsOwnScript() throws Exception {
        HttpResponse<String> shell = get("/", null);
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.body()).contains("<input id=\"token\" type=\"password\"").doesNotContain(ALICES, BOBS, "vm", "debug");
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(shell.body());
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(shell.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .startsWith("default-src 'none';").contains("script-src 'sha256-" + hash + "';").contains("connect-src 'self'"));
        assertThat(shell.headers().firstValue("Cache-Control")).hasValue("no-store");

        HttpResponse<String> page = get("/", TestTokens.BOB);
        assertThat(page.body()).contains(BOBS).doesNotContain("<script");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .startsWith("default-src 'none';").doesNotContain("script-src"));
        assertThat(get("/", "not-a-known-token-123456").statusCode()).isEqualTo(401);
    }

    @Test
    void theApiDescriptionAndSwaggerUiLoadWithoutATokenAndLeadNowhereElse() {
        checks.theApiDescriptionIsOpenAndLeadsNowhereElse();
    }

    @Test
    void theScrapeTokenReadsMetricsAndEveryTargetButNothingElse() {
        checks.theScrapeTokenCannotChangeAnything(TestTokens.SCRAPE);
        assertThat(get("/actuator/prometheus", TestTokens.SCRAPE).statusCode()).isEqualTo(200);
        assertThat(targetServices(TestTokens.SCRAPE)).containsExactlyInAnyOrder(ALICES, BOBS);
        for (String path : List.of("/api/v1/status", "/")) {
            HttpResponse<String> refused = get(path, TestTokens.SCRAPE);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).doesNotContain(ALICES, BOBS, "vm");
        }
    }

    @Test
    void aUserSeesTheirOwnServicesAndTheWholeCluster() {
        assertThat(statusServices(TestTokens.ALICE)).containsExactly(ALICES);
        assertThat(statusServices(TestTokens.BOB)).containsExactly(BOBS);
        JsonNode status = JsonMapper.shared().readTree(get("/api/v1/status", TestTokens.BOB).body());
        assertThat(status.get("nodes").findValuesAsString("name")).containsExactly("vm");
        assertThat(status.get("node_states").get("allocated").asInt()).isEqualTo(1);
        assertThat(status.get("service_states").get("RUNNING").asInt()).isEqualTo(1);

        String page = get("/", TestTokens.BOB).body();
        assertThat(page).contains("<tr id=\"" + BOBS + "\">").doesNotContain(ALICES).contains("<code>vm</code>").contains("Services (1)");

        assertThat(targetServices(TestTokens.ALICE)).containsExactly(ALICES);
        assertThat(targetServices(TestTokens.BOB)).containsExactly(BOBS);
    }

    /** They carry a series per service, with its id. */
    @Test
    void theMetricsAreForPrometheusAndAdminsNotForUsers() {
        assertThat(get("/actuator/prometheus", TestTokens.SCRAPE).body()).contains(ALICES, BOBS);
        assertThat(get("/actuator/prometheus", TestTokens.ADMIN).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get("/actuator/prometheus", TestTokens.BOB);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(ALICES);
    }

    @Test
    void anAdminSeesEveryService() {
        assertThat(statusServices(TestTokens.ADMIN)).containsExactlyInAnyOrder(ALICES, BOBS);
        assertThat(get("/", TestTokens.ADMIN).body()).contains(ALICES, BOBS);
        assertThat(targetServices(TestTokens.ADMIN)).containsExactlyInAnyOrder(ALICES, BOBS);
    }

    @Test
    void aServiceWithoutOwnerIsShownToAdminsOnly() {
        SERVER.services = List.of(StubServer.service(ALICES, "inference/vllm-simulator", "RUNNING", null, "vm", 51L, Instant.now(), null, null));
        poller.poll();
        assertThat(statusServices(TestTokens.ALICE)).isEmpty();
        assertThat(targetServices(TestTokens.ALICE)).isEmpty();
        assertThat(statusServices(TestTokens.ADMIN)).containsExactly(ALICES);
    }

    /** No operation addresses a service by id today; one added later with {@code {id}} is checked here. */
    @Test
    void anotherUsersServiceIsNotFound() {
        List<ApiOperation> checked = checks.othersResourcesAreNotFound(Map.of("id", ALICES, "serviceId", ALICES), TestTokens.BOB, operation -> "{}");
        assertThat(checked).as("operations addressing a service by id").isEmpty();
    }

    /**
     * The fuzz test runs over every operation that takes a body. The monitoring service only reads, so it finds
     * none today; an operation with a body added later gets fuzzed here without editing this test.
     */
    @Test
    void bodiesOfEveryOperationThatTakesOneAreFuzzed() {
        Map<String, Map<Integer, Integer>> statuses = new FuzzCheck(URI.create("http://127.0.0.1:" + port), TestTokens.ALICE)
                .run(checks.operations(), Map.of(), 20260526L, 2000);
        List<String> withBody = checks.operations().stream().filter(ApiOperation::hasBody).map(ApiOperation::toString).toList();
        assertThat(statuses.keySet()).as("operations fuzzed").containsExactlyInAnyOrderElementsOf(withBody);
    }
}
