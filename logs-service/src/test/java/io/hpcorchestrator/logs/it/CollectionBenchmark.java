package io.hpcorchestrator.logs.it;

import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.cli.CliSlurmClient;
import io.hpcorchestrator.slurm.cli.SshCommandRunner;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Figures for docs/logs.md, printed, not asserted: run on demand with
 * {@code mvn -pl logs-service verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CollectionBenchmark}
 * after installing common and server-service. Writes them to {@code target/collection-benchmark.txt} as well.
 *
 * <ul>
 *   <li>transport reads: 50 MiB read in 256 KiB chunks through the transport alone (local files; sftp as the
 *       cluster's test user), no database;</li>
 *   <li>collection: the big-output job through the real server and the packaged logs service (its defaults, H2 file
 *       database), from the job's file reaching 50 MiB to the last byte stored;</li>
 *   <li>follow delay: a job writes a line every 50 ms with the time of writing; the delay is the time a live stream
 *       delivers it minus that time, both read from this machine's clock.</li>
 * </ul>
 */
class CollectionBenchmark {

    private static final long BYTES = 524_288L * 100;
    private static final Pattern WRITTEN = Pattern.compile("^written (\\d+) line (\\d+)$");
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private void report(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println("BENCHMARK " + line);
        report.add(line);
    }

    @Test
    void measure() throws Exception {
        report("machine: %d cores, load average at start %s", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        transportReads();
        for (String transport : List.of("local", "ssh")) {
            collection(transport);
            followDelay(transport);
        }
        report("load average at end %s", Files.readString(Path.of("/proc/loadavg")).strip());
        Files.write(Path.of("target/collection-benchmark.txt"), report, StandardCharsets.UTF_8);
    }

    private void transportReads() throws IOException, InterruptedException {
        Path file = TestServer.CLUSTER.workDir().resolve("logs-benchmark-" + ProcessHandle.current().pid() + ".out");
        new ProcessBuilder("sh", "-c", "seq -f 'line %010.0f ...................................................................................' "
                + "1 524288 > '" + file + "' && chmod 644 '" + file + "'").inheritIO().start().waitFor();
        try {
            ClusterProperties cluster = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("hpc.cluster", ClusterProperties.class);
            try (SlurmClient local = CliSlurmClient.local(cluster)) {
                report("transport reads, local: %.0f MB/s (best of 3)", readAll(local, file.toString()));
            }
            ClusterProperties.Ssh ssh = new ClusterProperties.Ssh(TestServer.CLUSTER.get("SSH_HOST"),
                    Integer.parseInt(TestServer.CLUSTER.get("SSH_PORT")), TestServer.CLUSTER.get("SSH_USER"),
                    Path.of(TestServer.CLUSTER.get("SSH_KEY")), Path.of(TestServer.CLUSTER.get("SSH_KNOWN_HOSTS")), true, Duration.ofSeconds(10),
                    Duration.ofSeconds(60));
            try (SlurmClient sftp = new CliSlurmClient(new SshCommandRunner(ssh))) {
                report("transport reads, sftp: %.0f MB/s (best of 3)", readAll(sftp, file.toString()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double readAll(SlurmClient slurm, String path) {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            long offset = 0;
            while (true) {
                Optional<FileChunk> chunk = slurm.readFile(path, offset, 256 * 1024);
                if (chunk.isEmpty() || chunk.get().data().length == 0) {
                    break;
                }
                offset += chunk.get().data().length;
            }
            best = Math.max(best, offset / 1e6 / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private JarProcess logsService(String transport, String name) {
        List<String> arguments = new ArrayList<>(List.of("--hpc.logs.server.url=" + TestServer.on(transport).baseUrl(),
                "--hpc.logs.server.poll-interval=500ms", "--hpc.logs.collect.linger=2s"));
        arguments.addAll(TestServer.clusterArguments(transport));
        Path home = dir.resolve(name);
        home.toFile().mkdirs();
        Path jar = JarProcess.jar("hpc.it.logs-jar", home);
        return JarProcess.start(jar, home, "logs", List.of("-Xmx256m"),
                Map.of("HPC_DATA_DIR", home.resolve("data").toString(), "HPC_SECRET_TEST_TOKEN", TestServer.SECRET,
                        "HPC_TOKENS", TestTokens.HPC_TOKENS, "HPC_SERVICE_TOKEN", TestTokens.SERVICE), arguments)
                .awaitHealthy(Duration.ofSeconds(120));
    }

    private void collection(String transport) throws IOException {
        ServerCalls server = new ServerCalls(TestServer.on(transport).baseUrl(), TestTokens.ALICE);
        try (JarProcess logs = logsService(transport, "collect-" + transport)) {
            ServerCalls api = new ServerCalls(logs.baseUrl(), TestTokens.ADMIN);
            String id = server.deploy("tests/big-output");
            JsonNode service = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> server.expect(200, "GET", "/api/v1/services/" + id, null), s -> s.get("job_id").isNumber());
            Path stdout = Path.of(service.get("stdout_path").asString());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(stdout) && Files.size(stdout) == BYTES);
            long written = System.nanoTime();
            await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofMillis(100)).until(() -> readOffset(api, id) == BYTES);
            double seconds = (System.nanoTime() - written) / 1e9;
            report("collection, %s: 50 MiB stored in %.1f s after the job wrote it: %.1f MB/s", transport, seconds, BYTES / 1e6 / seconds);
            // 50 MiB in the shared work directory is this benchmark's own; it goes.
            Files.deleteIfExists(stdout);
        }
    }

    private void followDelay(String transport) {
        ServerCalls server = new ServerCalls(TestServer.on(transport).baseUrl(), TestTokens.ALICE);
        try (JarProcess logs = logsService(transport, "follow-" + transport)) {
            String id = server.deploy("tests/timed-lines");
            List<Double> all = new ArrayList<>();
            List<Double> steady = new ArrayList<>();
            long firstReceived = 0;
            try (SseClient stream = SseClient.open(logs.baseUrl() + "/api/v1/logs/" + id + "/follow?tail=10000", null, TestTokens.ADMIN)) {
                while (true) {
                    SseClient.Event event = stream.next(Duration.ofSeconds(120));
                    if (event == null || event.name().equals("end")) {
                        break;
                    }
                    Instant received = Instant.now();
                    long receivedNanos = received.getEpochSecond() * 1_000_000_000L + received.getNano();
                    Matcher line = WRITTEN.matcher(JSON.readTree(event.data()).get("text").asString());
                    if (line.matches()) {
                        long writtenNanos = Long.parseLong(line.group(1));
                        double delay = (receivedNanos - writtenNanos) / 1e6;
                        all.add(delay);
                        // Lines written before the first one arrived waited for the service to be listed at all.
                        if (firstReceived != 0 && writtenNanos > firstReceived) {
                            steady.add(delay);
                        }
                        if (firstReceived == 0) {
                            firstReceived = receivedNanos;
                        }
                    }
                }
            }
            report("follow delay, %s, once the service is known: %s", transport, stats(steady));
            report("follow delay, %s, every line from the deployment on: %s", transport, stats(all));
        }
    }

    private static String stats(List<Double> delays) {
        if (delays.isEmpty()) {
            return "no lines";
        }
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return String.format("%d lines, median %.0f ms, p90 %.0f ms, max %.0f ms (collect interval 250 ms)", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1));
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
