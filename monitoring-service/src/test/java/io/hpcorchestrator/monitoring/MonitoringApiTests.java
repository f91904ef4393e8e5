package io.hpcorchestrator.monitoring;

import static io.hpcorchestrator.monitoring.FakeSlurm.job;
import static io.hpcorchestrator.monitoring.FakeSlurm.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.monitoring.cluster.ClusterSampler;
import io.hpcorchestrator.monitoring.services.ServicesPoller;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.testing.security.TestTokens;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring service against an in-memory cluster and a stand-in server: metrics, targets, status page and JSON,
 * with sampling and polling driven by the test. Every service is alice's, and the test reads as alice (metrics with
 * the scrape token, as Prometheus does).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hpc.monitoring.cluster.enabled=false", "hpc.monitoring.server.enabled=false", TestTokens.PROPERTY,
            "HPC_SERVICE_TOKEN=" + TestTokens.SERVICE})
class MonitoringApiTests {

    static final StubServer SERVER = new StubServer();
    static final FakeSlurm SLURM = new FakeSlurm();
    static final Instant NOW = Instant.now();

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

    @BeforeEach
    void cluster() {
        SLURM.nodes = List.of(node("vm", "debug", 2, 1, "", "", null, "MIXED"),
                node("gpu<1>", "gpu", 8, 0, "gpu:a100:2", "", "fan <b>broken</b> & \"loud\"", "IDLE", "DRAIN"));
        SLURM.partitions = List.of(new PartitionInfo("debug", "UP", List.of("vm"), 2, null, true),
                new PartitionInfo("gpu", "UP", List.of("gpu<1>"), 8, null, false));
        SLURM.queue = List.of(job(41, "debug", JobState.RUNNING, null, NOW.minusSeconds(30)),
                job(42, "debug", JobState.PENDING, "Resources", NOW.minusSeconds(120)));
        SERVER.services = List.of(
                StubServer.service("svc-00000000000a", "inference/vllm-simulator", "RUNNING", null, "vm", 41L, NOW, null),
                StubServer.service("svc-00000000000b", "examples/http-echo", "PENDING", "Resources", null, 42L, NOW, null),
                StubServer.service("svc-00000000000c", "inference/vllm", "FAILED", "NonZeroExitCode: exit code 3", "vm", 40L, NOW, NOW),
                StubServer.service("svc-00000000000d", "inference/vllm", "COMPLETED", "JobCompleted", "vm", 39L, NOW.minusSeconds(7200),
                        NOW.minusSeconds(7200)));
        SERVER.targets = """
                [{"targets": ["127.0.0.1:8001"], "labels": {"__metrics_path__": "/api/v1/services/svc-00000000000a/metrics",
                  "instance": "svc-00000000000a", "service_id": "svc-00000000000a", "recipe": "inference/vllm-simulator",
                  "category": "inference", "node": "vm", "slurm_job_id": "41"}}]""";
        sampler.sample();
        poller.poll();
    }

    private RestClient client() {
        return client(TestTokens.ALICE);
    }

    private RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .defaultHeader("Authorization", TestTokens.bearer(token)).build();
    }

    private String prometheus() {
        return client(TestTokens.SCRAPE).get().uri("/actuator/prometheus").retrieve().body(String.class);
    }

    @Test
    void clusterAndServiceGaugesAreOnTheActuatorEndpoint() {
        assertThat(prometheus())
                .contains("hpc_cluster_nodes{application=\"monitoring-service\",partition=\"debug\",state=\"mixed\"} 1")
                .contains("hpc_cluster_nodes{application=\"monitoring-service\",partition=\"gpu\",state=\"drained\"} 1")
                .contains("hpc_cluster_gpus{application=\"monitoring-service\",partition=\"gpu\"} 2")
                .contains("hpc_cluster_jobs_pending{application=\"monitoring-service\",partition=\"debug\",reason=\"Resources\"} 1")
                .contains("hpc_cluster_sample_success{application=\"monitoring-service\"} 1")
                .contains("hpc_services{application=\"monitoring-service\",recipe=\"inference/vllm\",state=\"FAILED\"} 1")
                .contains("hpc_services{application=\"monitoring-service\",recipe=\"inference/vllm\",state=\"COMPLETED\"} 1")
                .contains("hpc_services_failed{application=\"monitoring-service\",reason=\"NonZeroExitCode\",recipe=\"inference/vllm\"} 1")
                .contains("hpc_service_state{application=\"monitoring-service\",category=\"inference\",recipe=\"inference/vllm-simulator\","
                        + "service_id=\"svc-00000000000a\"} 4")
                .contains("hpc_service_state{application=\"monitoring-service\",category=\"inference\",recipe=\"inference/vllm\","
                        + "service_id=\"svc-00000000000c\"} 6")
                .doesNotContain("service_id=\"svc-00000000000d\"")
                .contains("hpc_monitoring_services_tracked{application=\"monitoring-service\"} 3")
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count");
    }

    @Test
    void scrapesNeverReachSlurmOrTheServer() {
        int slurmCalls = SLURM.calls.get();
        int serverRequests = SERVER.requests.get();
        for (int i = 0; i < 20; i++) {
            prometheus();
            client().get().uri("/").retrieve().body(String.class);
            client().get().uri("/api/v1/targets").retrieve().body(String.class);
        }
        assertThat(SLURM.calls.get()).isEqualTo(slurmCalls);
        assertThat(SERVER.requests.get()).isEqualTo(serverRequests);
    }

    @Test
    void theServerIsReadWithThisServicesOwnToken() {
        poller.poll();
        assertThat(SERVER.lastAuthorization).isEqualTo(TestTokens.bearer(TestTokens.SERVICE));
    }

    @Test
    void aSampleIsThreeSlurmCalls() {
        int before = SLURM.calls.get();
        sampler.sample();
        assertThat(SLURM.calls.get() - before).isEqualTo(3);
    }

    @Test
    void targetsAreTheServersInPrometheusServiceDiscoveryShape() {
        JsonNode targets = JsonMapper.shared().readTree(client().get().uri("/api/v1/targets").retrieve().body(String.class));
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("targets").get(0).asString()).isEqualTo("127.0.0.1:8001");
        assertThat(targets.get(0).at("/labels/__metrics_path__").asString()).isEqualTo("/api/v1/services/svc-00000000000a/metrics");
        assertThat(targets.get(0).at("/labels/slurm_job_id").asString()).isEqualTo("41");
    }

    @Test
    void theStatusPageShowsNodesAndServicesEscapedAndReloadsItself() {
        ResponseEntity<String> page = client().get().uri("/").retrieve().toEntity(String.class);
        assertThat(page.getHeaders().getContentType()).hasToString("text/html;charset=UTF-8");
        assertThat(page.getBody())
                .contains("<meta http-equiv=\"refresh\" content=\"5\">")
                .contains("<code>vm</code>").contains("<span class=\"state mixed\">mixed</span>")
                .contains("<code>gpu&lt;1&gt;</code>").contains("fan &lt;b&gt;broken&lt;/b&gt; &amp; &quot;loud&quot;")
                .doesNotContain("<b>broken</b>")
                .contains("<tr id=\"svc-00000000000a\">").contains("<span class=\"state RUNNING\">RUNNING</span>")
                .contains("svc-00000000000c").doesNotContain("svc-00000000000d")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=").doesNotContain("url(").doesNotContain("@import");
    }

    @Test
    void theStatusIsAlsoJson() {
        JsonNode status = JsonMapper.shared().readTree(client().get().uri("/api/v1/status").retrieve().body(String.class));
        assertThat(status.get("cluster_sampled_at").isNull()).isFalse();
        assertThat(status.get("node_states").get("drained").asInt()).isEqualTo(1);
        assertThat(status.get("nodes").findValuesAsString("name")).containsExactly("vm", "gpu<1>");
        assertThat(status.get("services").findValuesAsString("id")).containsExactly("svc-00000000000a", "svc-00000000000b", "svc-00000000000c");
        assertThat(status.get("service_states").get("RUNNING").asInt()).isEqualTo(1);
    }
}
