package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Endpoint discovery on the two-node cluster ({@code scripts/dev-cluster.sh up --nodes 2}: node1 at
 * 10.77.0.11, node2 at 10.77.1.12, each in its own network namespace). A service placed on a node is
 * reported at that node's own address, and the endpoint answers. Runs in its own Maven execution
 * (see scripts/run-tests.sh) because the cluster has to be switched to two nodes first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class TwoNodeDiscoveryIT {

    private static final DevCluster CLUSTER = DevCluster.load();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ItCluster.local(registry, CLUSTER);
    }

    @BeforeAll
    static void needsTwoNodes() {
        assertThat(CLUSTER.get("HPC_DEV_CLUSTER_NODES"))
                .as("this test needs the two-node cluster: scripts/dev-cluster.sh up --nodes 2").isEqualTo("2");
    }

    private ServerApi api() {
        return new ServerApi("http://127.0.0.1:" + port);
    }

    private JsonNode deployAndAwaitRunning(String config) {
        String id = api().expect(201, "POST", "/api/v1/services",
                "{\"recipe_name\": \"examples/http-echo\", \"config\": " + config + "}").get("id").asString();
        JsonNode[] running = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            running[0] = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(running[0].get("status").asString()).as("reason %s", running[0].get("reason")).isEqualTo("RUNNING");
        });
        return running[0];
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aServiceOnEachNodeIsReportedAtThatNodesOwnAddressAndAnswersThere() throws Exception {
        JsonNode onNode2 = deployAndAwaitRunning("{\"environment\": {\"ECHO_TEXT\": \"from node2\"}, "
                + "\"slurm\": {\"extra_directives\": [\"--nodelist=node2\"]}}");
        JsonNode onNode1 = deployAndAwaitRunning("{\"environment\": {\"ECHO_TEXT\": \"from node1\"}, "
                + "\"slurm\": {\"extra_directives\": [\"--nodelist=node1\"]}}");

        assertThat(onNode2.get("node").asString()).isEqualTo("node2");
        assertThat(onNode2.get("address").asString()).isEqualTo("10.77.1.12");
        assertThat(onNode2.get("endpoint").asString()).startsWith("http://10.77.1.12:");
        assertThat(get(onNode2.get("endpoint").asString() + "/")).isEqualTo("from node2\n");

        assertThat(onNode1.get("node").asString()).isEqualTo("node1");
        assertThat(onNode1.get("endpoint").asString()).startsWith("http://10.77.0.11:");
        assertThat(get(onNode1.get("endpoint").asString() + "/")).isEqualTo("from node1\n");

        api().expect(200, "DELETE", "/api/v1/services/" + onNode1.get("id").asString(), null);
        api().expect(200, "DELETE", "/api/v1/services/" + onNode2.get("id").asString(), null);
    }

    @Test
    void aServiceSpanningBothNodesLaunchesThroughSrunAndIsReachedOnItsBatchHost() throws Exception {
        JsonNode both = deployAndAwaitRunning("{\"environment\": {\"ECHO_TEXT\": \"from both\"}, \"resources\": {\"nodes\": 2}}");
        assertThat(both.get("node").asString()).isEqualTo("node1");
        assertThat(both.get("endpoint").asString()).startsWith("http://10.77.0.11:");
        assertThat(get(both.get("endpoint").asString() + "/")).isEqualTo("from both\n");
        String port = both.get("endpoint").asString().replaceAll(".*:", "");
        // srun started the service on node2 as well, on the same port.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("http://10.77.1.12:" + port + "/")).isEqualTo("from both\n"));
        api().expect(200, "DELETE", "/api/v1/services/" + both.get("id").asString(), null);
    }
}
