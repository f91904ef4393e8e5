package io.hpcorchestrator.logs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.security.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A job writes 50 MiB as fast as it can; the logs service, running as a process of its own with a 128 MiB heap, must
 * collect all of it, in chunks no bigger than configured, while retention holds the store to 16 MiB. A whole-file read
 * (50 MiB of bytes, then as much again as text) could not fit in that heap.
 */
class BigOutputIT {

    private static final long LINES = 524_288;
    private static final long BYTES = LINES * 100;
    private static final long RETAINED = 16L << 20;
    private static final int CHUNK = 256 * 1024;
    private static final String HEAP = "128m";

    @TempDir
    Path dir;

    @Test
    void fiftyMegabytesAreCollectedInBoundedChunksWithBoundedMemoryAndRetentionTrimsToItsLimit() throws Exception {
        JarProcess server = TestServer.on("local");
        Path jar = JarProcess.jar("hpc.it.logs-jar", dir);
        try (JarProcess logs = JarProcess.start(jar, dir, "logs", List.of("-Xmx" + HEAP), Map.of("HPC_DATA_DIR", dir.resolve("data").toString(),
                "HPC_TOKENS", TestTokens.HPC_TOKENS, "HPC_SERVICE_TOKEN", TestTokens.SERVICE),
                List.of("--hpc.logs.server.url=" + server.baseUrl(), "--hpc.logs.server.poll-interval=500ms",
                        "--hpc.logs.collect.linger=2s", "--hpc.logs.collect.read-chunk-bytes=" + CHUNK + "B",
                        "--hpc.logs.retention.max-bytes=" + RETAINED + "B", "--hpc.logs.retention.interval=1s",
                        "--hpc.cluster.transport=local"))) {
            logs.awaitHealthy(Duration.ofSeconds(120));
            ServerCalls api = new ServerCalls(logs.baseUrl(), TestTokens.ADMIN);
            ServerCalls serverApi = new ServerCalls(server.baseUrl(), TestTokens.ALICE);

            // The server may know services of earlier tests: once their output is collected, the counters move for ours only.
            await("earlier services collected").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (JsonNode earlier : api.expect(200, "GET", "/api/v1/logs/services?limit=1000", null)) {
                    if (!earlier.get("collection_state").asString().equals("done")) {
                        return false;
                    }
                }
                return true;
            });
            String before = api.call("GET", "/actuator/prometheus", null).text();
            double linesBefore = counter(before, "hpc_logs_collected_lines_total", "stream=\"stdout\"");
            double bytesBefore = counter(before, "hpc_logs_collected_bytes_total", "stream=\"stdout\"");

            String id = serverApi.deploy("tests/big-output");
            JsonNode service = await("job output path").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> serverApi.expect(200, "GET", "/api/v1/services/" + id, null), s -> s.get("job_id").isNumber());
            Path stdout = Path.of(service.get("stdout_path").asString());

            AtomicLong maxHeap = new AtomicLong();
            long start = System.nanoTime();
            await("all 50 MiB written").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(stdout) && Files.size(stdout) == BYTES);
            long written = System.nanoTime();
            await("all 50 MiB collected").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250))
                    .failFast("the logs service died", () -> assertThat(logs.isAlive()).withFailMessage(logs::tail).isTrue())
                    .until(() -> {
                        String metrics = api.call("GET", "/actuator/prometheus", null).text();
                        maxHeap.accumulateAndGet((long) Prometheus.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\""), Math::max);
                        return readOffset(api, id) == BYTES;
                    });
            long collected = System.nanoTime();

            String metrics = api.call("GET", "/actuator/prometheus", null).text();
            assertThat(Prometheus.sum(metrics, "hpc_logs_read_largest_bytes", "")).as("largest chunk held").isLessThanOrEqualTo(CHUNK);
            assertThat(Prometheus.sum(metrics, "hpc_logs_collected_lines_total", "stream=\"stdout\"") - linesBefore).isEqualTo(LINES);
            assertThat(Prometheus.sum(metrics, "hpc_logs_collected_bytes_total", "stream=\"stdout\"") - bytesBefore).isEqualTo(BYTES);
            assertThat(logs.isAlive()).isTrue();

            // Retention runs every second: the store comes down to its limit, the newest lines kept.
            await("retention").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> listed(api, id).get("stored_bytes").asLong() <= RETAINED);
            JsonNode listed = listed(api, id);
            long stored = listed.get("stored_lines").asLong();
            // A line counts its 99 characters; its newline is not stored.
            assertThat(stored).isBetween(RETAINED / 99 - 3000, RETAINED / 99);
            String deleted = api.call("GET", "/actuator/prometheus", null).text();
            // Older lines of earlier services went first, so at least ours beyond the limit were deleted.
            assertThat(Prometheus.sum(deleted, "hpc_logs_retention_deleted_lines_total", "")).isGreaterThanOrEqualTo(LINES - stored);
            JsonNode last = api.expect(200, "GET", "/api/v1/logs/" + id + "?tail=1", null).get("lines").get(0);
            assertThat(last.get("text").asString()).startsWith("line 0000524288 ");
            assertThat(last.get("line_no").asLong()).isEqualTo(LINES);
            JsonNode oldest = api.expect(200, "GET", "/api/v1/logs/" + id + "?tail=10000&q=line%200000", null).get("lines");
            assertThat(oldest.get(0).get("line_no").asLong()).as("the oldest lines went first").isGreaterThan(LINES - stored);

            serverApi.call("DELETE", "/api/v1/services/" + id, null);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(Path.of(service.get("stderr_path").asString()));

            double writeSeconds = (written - start) / 1e9;
            double collectSeconds = (collected - start) / 1e9;
            System.out.printf("big output: 50 MiB written in %.1f s, collected after %.1f s (%.1f MB/s overall); max heap used %d MiB of %s%n",
                    writeSeconds, collectSeconds, BYTES / 1e6 / collectSeconds, maxHeap.get() >> 20, HEAP);
        }
    }

    /** A counter's value; zero before its first increment, when it is not exposed yet. */
    private static double counter(String metrics, String name, String labels) {
        try {
            return Prometheus.sum(metrics, name, labels);
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static JsonNode listed(ServerCalls api, String id) {
        for (JsonNode service : api.expect(200, "GET", "/api/v1/logs/services?limit=1000", null)) {
            if (service.get("service_id").asString().equals(id)) {
                return service;
            }
        }
        throw new AssertionError("service " + id + " not listed by the logs service");
    }

    private static long readOffset(ServerCalls api, String id) {
        for (JsonNode service : api.expect(200, "GET", "/api/v1/logs/services?limit=1000", null)) {
            if (service.get("service_id").asString().equals(id)) {
                for (JsonNode file : service.get("files")) {
                    if (file.get("stream").asString().equals("stdout")) {
                        return file.get("read_offset").asLong();
                    }
                }
            }
        }
        return -1;
    }
}
