package io.hpcorchestrator.logs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.security.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logs service end to end on the real local cluster, once per transport: the real server (its packaged jar)
 * deploys recipes as SLURM jobs, this logs service (in the test JVM) lists them from the server's API and reads their
 * output through the transport. Nothing of SLURM is stood in for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.PROPERTY, "HPC_SERVICE_TOKEN=" + TestTokens.SERVICE})
// Closed after each class: a cached context would go on collecting every later test's jobs in the background.
@DirtiesContext
abstract class FollowContract {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Duration JOB_DONE = Duration.ofSeconds(120);

    @LocalServerPort
    int port;

    abstract String transport();

    /** What both transports need; subclasses call it from their own {@code @DynamicPropertySource}. */
    static void configure(DynamicPropertyRegistry registry, String transport) {
        registry.add("hpc.logs.collect.enabled", () -> "true");
        registry.add("hpc.logs.collect.interval", () -> "100ms");
        registry.add("hpc.logs.collect.linger", () -> "2s");
        registry.add("hpc.logs.server.poll-interval", () -> "500ms");
        registry.add("hpc.logs.server.url", () -> TestServer.on(transport).baseUrl());
        registry.add("HPC_SECRET_TEST_TOKEN", () -> TestServer.SECRET);
        List<String> cluster = TestServer.clusterArguments(transport);
        for (String argument : cluster) {
            String[] pair = argument.substring(2).split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    ServerCalls server() {
        return new ServerCalls(TestServer.on(transport()).baseUrl(), TestTokens.ALICE);
    }

    ServerCalls logs() {
        return new ServerCalls("http://127.0.0.1:" + port, TestTokens.ADMIN);
    }

    private String followUrl(String id) {
        return "http://127.0.0.1:" + port + "/api/v1/logs/" + id + "/follow?tail=10000";
    }

    private static JsonNode data(SseClient.Event event) {
        return JSON.readTree(event.data());
    }

    @Test
    void everyLineReachesTheLiveStreamOnceAndInOrderAcrossAReconnectWithLastEventId() {
        String id = server().deploy("tests/numbered-lines");
        List<SseClient.Event> received = new ArrayList<>();
        // The stream opens before the job has written anything, likely before the collector has even listed the service.
        try (SseClient stream = SseClient.open(followUrl(id), null, TestTokens.ADMIN)) {
            assertThat(stream.status()).isEqualTo(200);
            while (received.size() < 80) {
                SseClient.Event event = stream.next(JOB_DONE);
                assertThat(event).as("line %d of the first connection", received.size()).isNotNull();
                received.add(event);
            }
        }
        String lastEventId = received.get(received.size() - 1).id();
        try (SseClient stream = SseClient.open(followUrl(id), lastEventId, TestTokens.ADMIN)) {
            List<SseClient.Event> rest = stream.until("end", JOB_DONE);
            assertThat(rest).as("the stream ends with an end event").isNotEmpty().last()
                    .satisfies(end -> assertThat(end.name()).isEqualTo("end"));
            received.addAll(rest.subList(0, rest.size() - 1));
        }

        List<String> expected = IntStream.range(0, 200).mapToObj(i -> "line " + i).toList();
        assertThat(received).extracting(event -> data(event).get("text").asString()).containsExactlyElementsOf(expected);
        assertThat(received).extracting(event -> data(event).get("line_no").asLong())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(Long::valueOf).toList());
        List<Long> ids = received.stream().map(event -> Long.parseLong(event.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(received).allSatisfy(event -> {
            assertThat(data(event).get("service_id").asString()).isEqualTo(id);
            assertThat(data(event).get("stream").asString()).isEqualTo("stdout");
        });

        JsonNode stored = logs().expect(200, "GET", "/api/v1/logs/" + id + "?tail=10000", null);
        assertThat(stored.get("lines").findValuesAsString("text")).containsExactlyElementsOf(expected);
        assertThat(stored.get("collection_state").asString()).isEqualTo("done");
        long jobId = stored.get("job_id").asLong();
        assertThat(logs().expect(200, "GET", "/api/v1/logs/" + jobId + "?tail=1", null).get("lines").findValuesAsString("text"))
                .containsExactly("line 199");
        JsonNode listed = null;
        for (JsonNode service : logs().expect(200, "GET", "/api/v1/logs/services?limit=1000", null)) {
            if (service.get("service_id").asString().equals(id)) {
                listed = service;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("stored_lines").asLong()).isEqualTo(200);
        assertThat(listed.get("status").asString()).isEqualTo("COMPLETED");
        JsonNode stdout = null;
        for (JsonNode file : listed.get("files")) {
            if (file.get("stream").asString().equals("stdout")) {
                stdout = file;
            }
        }
        assertThat(stdout).isNotNull();
        assertThat(stdout.get("read_offset").asLong()).isEqualTo(expected.stream().mapToInt(s -> s.length() + 1).sum());
        assertThat(stdout.get("path").asString()).endsWith("-" + jobId + ".out");
    }

    @Test
    void secretsKnownToTheServerAreMaskedBeforeTheyAreStored() {
        String id = server().deploy("tests/secret-lines");
        await("collection of " + id + " done").atMost(JOB_DONE).pollInterval(Duration.ofMillis(500)).until(() ->
                "done".equals(logs().expect(200, "GET", "/api/v1/logs/" + id, null).get("collection_state").asString()));
        JsonNode lines = logs().expect(200, "GET", "/api/v1/logs/" + id, null).get("lines");
        assertThat(lines.findValuesAsString("text")).containsExactlyInAnyOrder("token is ********", "stderr token ********");
        assertThat(lines.toString()).doesNotContain(TestServer.SECRET).doesNotContain("s3cr3t");
        assertThat(logs().expect(200, "GET", "/api/v1/logs/search?q=s3cr3t", null).get("lines")).isEmpty();
    }

    @Test
    void anIdNeitherServiceKnowsIsNotFoundAndPathsAreNeverRead() {
        assertThat(logs().call("GET", "/api/v1/logs/svc-ffffffffffff", null).status()).isEqualTo(404);
        assertThat(logs().call("GET", "/api/v1/logs/999999999/follow", null).status()).isEqualTo(404);
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "~root", "svc-..")) {
            ServerCalls.Answer answer = logs().call("GET", "/api/v1/logs/" + id, null);
            assertThat(answer.status()).as(id).isIn(400, 404);
            assertThat(answer.text()).doesNotContain("root:x:0:0");
        }
    }
}
