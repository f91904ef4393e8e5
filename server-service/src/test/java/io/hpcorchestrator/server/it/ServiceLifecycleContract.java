package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.SlurmCommands;
import io.hpcorchestrator.testing.security.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The server's main job, end to end on the real local cluster, once per transport: deploy, follow the
 * lifecycle, reach the endpoint, cancel; failures reported with their cause. Subclasses add the transport's
 * settings and say whether it can read job output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
public abstract class ServiceLifecycleContract {

    protected static final DevCluster CLUSTER = DevCluster.load();
    private static final Path RECIPES = ItRecipes.root();

    @LocalServerPort
    int port;

    protected ServerApi api() {
        return new ServerApi("http://127.0.0.1:" + port);
    }

    /** Whether {@code GET .../logs} can read job output on this transport. */
    protected abstract boolean readsLogs();

    /** A secret value as hostile as the quoting must bear; the server knows it as HPC_SECRET_TEST_TOKEN. */
    protected static final String SECRET = "s3cr3t-'$(id)'-" + java.util.UUID.randomUUID();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("HPC_SECRET_TEST_TOKEN", () -> SECRET);
        registry.add("hpc.recipes.root", RECIPES::toString);
        registry.add("hpc.cluster.runtime", () -> "none");
        registry.add("hpc.cluster.paths.work-dir", () -> CLUSTER.workDir().toString());
        registry.add("hpc.cluster.paths.images-dir", () -> CLUSTER.imagesDir().toString());
        registry.add("hpc.cluster.defaults.partition", CLUSTER::partition);
    }

    protected JsonNode deploy(String recipe, String config) {
        JsonNode created = api().expect(201, "POST", "/api/v1/services",
                "{\"recipe_name\": \"" + recipe + "\"" + (config == null ? "" : ", \"config\": " + config) + "}");
        assertThat(created.get("id").asString()).matches("svc-[0-9a-f]{12}");
        assertThat(created.get("recipe_name").asString()).isEqualTo(recipe);
        assertThat(created.get("created_at").asString()).isNotBlank();
        return created;
    }

    protected JsonNode awaitStatus(String id, String status, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await("service " + id + " " + status).atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last[0] = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(last[0].get("status").asString()).as("reason: %s", last[0].get("reason")).isEqualTo(status);
        });
        return last[0];
    }

    private static List<String> statuses(JsonNode service) {
        return service.get("transitions").findValuesAsString("to");
    }

    @Test
    void aServiceGoesThroughItsLifecycleIsReachableAndEndsCancelled() throws Exception {
        JsonNode created = deploy("tests/slow-echo", "{\"environment\": {\"ECHO_TEXT\": \"it's $(not) run\"}}");
        String id = created.get("id").asString();
        assertThat(created.get("job_id").asLong()).isPositive();
        assertThat(created.get("status").asString()).isEqualTo("PENDING");

        JsonNode running = awaitStatus(id, "RUNNING", Duration.ofSeconds(60));
        assertThat(statuses(running)).containsSubsequence("SUBMITTING", "PENDING", "STARTING", "RUNNING");
        String endpoint = running.get("endpoint").asString();
        assertThat(endpoint).matches("http://[^:/]+:\\d+");
        assertThat(running.get("node").asString()).isEqualTo(SlurmCommands.node(running.get("job_id").asLong()));
        assertThat(running.get("ready_at").asString()).isNotBlank();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).isEqualTo("it's $(not) run\n");

        long jobId = running.get("job_id").asLong();
        assertThat(api().expect(200, "GET", "/api/v1/services/" + jobId, null).get("id").asString()).isEqualTo(id);
        assertThat(api().expect(200, "GET", "/api/v1/services/" + id + "/status", null).get("endpoint").asString()).isEqualTo(endpoint);
        assertThat(api().expect(200, "GET", "/api/v1/services", null).findValuesAsString("id")).contains(id);
        if (readsLogs()) {
            assertThat(api().expect(200, "GET", "/api/v1/services/" + id + "/logs?tail=5", null).get("lines").toString())
                    .contains("slow-echo: serving");
        } else {
            api().expect(501, "GET", "/api/v1/services/" + id + "/logs", null);
        }

        JsonNode cancelled = api().expect(200, "DELETE", "/api/v1/services/" + id, null);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo("CancelledByUser");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SlurmCommands.state(jobId)).hasValue("CANCELLED"));
    }

    @Test
    void aJobThatExitsWithOneFailsWithItsExitCode() {
        String id = deploy("tests/exit-one", null).get("id").asString();
        JsonNode failed = awaitStatus(id, "FAILED", Duration.ofSeconds(60));
        assertThat(failed.get("exit_code").asInt()).isEqualTo(1);
        assertThat(failed.get("reason").asString()).isEqualTo("NonZeroExitCode: exit code 1");
        assertThat(failed.get("ended_at").asString()).isNotBlank();
    }

    @Test
    void aJobPastItsTimeLimitFailsWithTimeout() {
        String id = deploy("tests/overtime", null).get("id").asString();
        JsonNode failed = awaitStatus(id, "FAILED", Duration.ofSeconds(240));
        assertThat(failed.get("reason").asString()).isEqualTo("TIMEOUT");
    }

    @Test
    void anUnknownPartitionIsAClearClientErrorWithSlurmsMessage() {
        JsonNode problem = api().expect(422, "POST", "/api/v1/services",
                "{\"recipe_name\": \"tests/exit-one\", \"config\": {\"slurm\": {\"partition\": \"no-such-partition\"}}}");
        assertThat(problem.get("slurm_message").asString()).containsIgnoringCase("partition");
        String id = problem.get("service_id").asString();
        JsonNode failed = api().expect(200, "GET", "/api/v1/services/" + id, null);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asString()).startsWith("SubmitRejected: ");
    }

    @Test
    void aSecretReachesTheJobAndIsMaskedEverywhereElse() throws Exception {
        JsonNode created = deploy("tests/secret-echo", null);
        String id = created.get("id").asString();
        JsonNode completed = awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Path.of(completed.get("stdout_path").asString())).content().isEqualTo("token is " + SECRET + "\n"));
        assertThat(completed.toString()).doesNotContain(SECRET);
        assertThat(api().expect(200, "POST", "/api/v1/recipes/tests/secret-echo/render", null).toString()).doesNotContain(SECRET);
        if (readsLogs()) {
            JsonNode logs = api().expect(200, "GET", "/api/v1/services/" + id + "/logs", null);
            assertThat(logs.get("lines").get(0).asString()).isEqualTo("token is ********");
        }
    }

    @Test
    void aRecipeWhoseSecretIsNotConfiguredIsRefusedAndNothingIsStored() {
        int before = api().expect(200, "GET", "/api/v1/services?limit=1000", null).size();
        JsonNode problem = api().expect(400, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/needs-secret\"}");
        assertThat(problem.get("secrets").toString()).contains("NOT_CONFIGURED_ANYWHERE");
        assertThat(api().expect(200, "GET", "/api/v1/services?limit=1000", null).size()).isEqualTo(before);
    }

    @Test
    void describesTheClusterWithNodeAddresses() {
        JsonNode cluster = api().expect(200, "GET", "/api/v1/cluster", null);
        assertThat(cluster.get("transport").asString()).isNotBlank();
        assertThat(cluster.get("partitions").findValuesAsString("name")).contains(CLUSTER.partition());
        assertThat(cluster.get("nodes")).isNotEmpty().allSatisfy(node -> assertThat(node.get("address").asString()).isNotBlank());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameServiceAndSubmitsNothingNew() {
        String key = "retry-" + java.util.UUID.randomUUID();
        String body = "{\"recipe_name\": \"tests/slow-echo\"}";
        ServerApi.Response first = api().call("POST", "/api/v1/services", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        ServerApi.Response again = api().call("POST", "/api/v1/services", body, "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
        assertThat(again.body().get("job_id").asLong()).isEqualTo(first.body().get("job_id").asLong());
        String jobName = first.body().get("name").asString();
        assertThat(SlurmCommands.show(first.body().get("job_id").asLong())).hasValueSatisfying(job -> assertThat(job).contains("JobName=" + jobName));

        api().expect(422, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/exit-one\"}", "Idempotency-Key", key);

        // The seed's way to cancel.
        JsonNode cancelled = api().expect(200, "POST", "/api/v1/services/" + first.body().get("job_id").asLong() + "/status",
                "{\"status\": \"cancelled\"}");
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        api().expect(400, "POST", "/api/v1/services/" + first.body().get("id").asString() + "/status", "{\"status\": \"running\"}");
    }

    @Test
    void unknownAndPathLikeServiceIdsAreNotFound() {
        api().expect(404, "GET", "/api/v1/services/svc-000000000000", null);
        api().expect(404, "GET", "/api/v1/services/999999999", null);
        api().expect(404, "GET", "/api/v1/services/..%2F..%2Fetc%2Fpasswd", null);
        api().expect(404, "DELETE", "/api/v1/services/not-an-id", null);
    }
}
