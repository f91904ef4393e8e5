package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server is killed with {@code kill -9} while fifty deployments are in flight, then started again on the
 * same database: nothing accepted is lost, nothing is submitted twice, and retries with the same
 * {@code Idempotency-Key} give back the service of the first attempt.
 *
 * <p>The server runs as a separate process (the packaged jar) so that it can really die mid-request: no
 * shutdown hook, no flush, sbatch children possibly half-way through. The jobs are submitted held, so fifty
 * of them cost the shared cluster nothing; their names start with a prefix unique to this run, so every job
 * SLURM has under that prefix was created by this test and can be counted.
 */
class CrashRecoveryIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final int REQUESTS = 50;
    /** Kill after this many answers: early enough that most requests are still being handled. */
    private static final int KILL_AFTER_ANSWERS = 15;
    private static final Pattern ADOPTED = Pattern.compile("service (svc-[0-9a-f]{12}) adopts job (\\d+) found by its name");
    private static final Pattern SUBMITTED = Pattern.compile("service (svc-[0-9a-f]{12}) \\([^)]*\\) submitted as job (\\d+)");
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String OWNER_PREFIX = "alice:";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** What one POST got: an HTTP answer, or none (status -1) because the server died under it. */
    private record Outcome(int status, boolean replayed, JsonNode body, String error) {
        boolean answered() {
            return status > 0;
        }

        String serviceId() {
            return body == null || body.get("id") == null ? null : body.get("id").asString();
        }
    }

    /** A row of the services table as the killed process left it. */
    private record StoredService(String id, String idempotencyKey, String jobName, String status, Long jobId) {
    }

    @Test
    void aServerKilledWithFiftyDeploymentsInFlightRecoversEveryOneWithExactlyOneJobAndRetriesReplay() throws Exception {
        String recipe = "crash-" + HexFormat.of().formatHex(randomBytes());
        String jobPrefix = recipe + "-";
        Path recipes = recipesRoot(recipe);
        Path jar = ServerProcess.copyOfPackagedJar(dir);
        Path database = dir.resolve("db/server");
        Map<String, String> environment = Map.of("HPC_DATABASE_URL", "jdbc:h2:file:" + database + ";WRITE_DELAY=0",
                "HPC_TOKENS", TestTokens.HPC_TOKENS);
        List<String> arguments = List.of("--hpc.cluster.transport=local", "--hpc.recipes.root=" + recipes, "--hpc.cluster.runtime=none",
                "--hpc.cluster.paths.work-dir=" + CLUSTER.workDir(), "--hpc.cluster.paths.images-dir=" + CLUSTER.imagesDir(),
                "--hpc.cluster.defaults.partition=" + CLUSTER.partition(), "--hpc.reconciler.interval=500ms",
                // Fifty deploys at once by one user: far beyond the default per-user limits, which are not under test here.
                "--hpc.limits.active-services-per-user=1000", "--hpc.limits.deploys-per-minute=1000");
        String body = "{\"recipe_name\": \"tests/" + recipe + "\"}";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            keys.add("crash-" + i + "-" + UUID.randomUUID());
        }

        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        ServerProcess first = null;
        ServerProcess second = null;
        try {
            first = ServerProcess.start(jar, dir, "first.log", environment, arguments);
            first.awaitHealthy(Duration.ofSeconds(120));

            // All fifty start together; the kill comes after the first few answers, while the rest are somewhere
            // between the request, the insert, sbatch and the update that stores the job id.
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch firstAnswers = new CountDownLatch(KILL_AFTER_ANSWERS);
            AtomicInteger answers = new AtomicInteger();
            String firstUrl = first.baseUrl();
            Map<String, Future<Outcome>> pending = new LinkedHashMap<>();
            for (String key : keys) {
                pending.put(key, clients.submit(() -> {
                    start.await();
                    Outcome outcome = post(firstUrl, body, key);
                    if (outcome.answered()) {
                        answers.incrementAndGet();
                        firstAnswers.countDown();
                    }
                    return outcome;
                }));
            }
            start.countDown();
            assertThat(firstAnswers.await(120, TimeUnit.SECONDS)).as("%d answers before the kill", KILL_AFTER_ANSWERS).isTrue();
            // sbatch children outlive a killed JVM and may still create their job; remember them to wait for them.
            List<ProcessHandle> children = ProcessHandle.of(first.pid()).orElseThrow().descendants().toList();
            int answeredBeforeKill = answers.get();
            first.kill();
            await("sbatch children of the killed server finished").atMost(Duration.ofSeconds(60))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));

            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Outcome>> entry : pending.entrySet()) {
                outcomes.put(entry.getKey(), entry.getValue().get(60, TimeUnit.SECONDS));
            }
            List<String> accepted = keys.stream().filter(key -> outcomes.get(key).answered()).toList();
            List<String> unanswered = keys.stream().filter(key -> !outcomes.get(key).answered()).toList();
            for (String key : accepted) {
                assertThat(outcomes.get(key).status()).as("answer to %s: %s", key, outcomes.get(key).body()).isEqualTo(201);
            }

            // What the killed process left behind, read straight from its database before anything touches it.
            Map<String, StoredService> storedAtKill = storedServices(database);
            Map<String, StoredService> storedByKey = storedAtKill.values().stream()
                    .collect(Collectors.toMap(StoredService::idempotencyKey, Function.identity()));
            for (String key : accepted) {
                assertThat(storedByKey).as("accepted request %s is stored", key).containsKey(key);
                assertThat(storedByKey.get(key).id()).isEqualTo(outcomes.get(key).serviceId());
            }
            List<StoredService> orphans = storedAtKill.values().stream().filter(service -> service.status().equals("SUBMITTING")).toList();
            Set<String> namesInSlurmAtKill = SlurmQueue.matching(job -> job.name().startsWith(jobPrefix)).stream()
                    .map(SlurmQueue.Job::name).collect(Collectors.toSet());
            Set<String> orphansWithJob = orphans.stream().filter(orphan -> namesInSlurmAtKill.contains(orphan.jobName()))
                    .map(StoredService::id).collect(Collectors.toSet());
            Set<String> orphansWithoutJob = orphans.stream().filter(orphan -> !namesInSlurmAtKill.contains(orphan.jobName()))
                    .map(StoredService::id).collect(Collectors.toSet());
            // The point of the test: the kill must land mid-flight, not after everything was done.
            assertThat(unanswered.size() + orphans.size()).as("requests without an answer or services still SUBMITTING at the kill")
                    .isPositive();

            long restartedAt = System.nanoTime();
            second = ServerProcess.start(jar, dir, "second.log", environment, arguments);
            second.awaitHealthy(Duration.ofSeconds(120));
            long healthyAt = System.nanoTime();
            ServerApi api = new ServerApi(second.baseUrl());
            await("every stored service has left SUBMITTING with a job").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        Map<String, JsonNode> services = services(api);
                        assertThat(services.keySet()).containsAll(storedAtKill.keySet());
                        for (JsonNode service : services.values()) {
                            assertThat(service.get("status").asString()).as("%s", service).isNotEqualTo("SUBMITTING");
                            assertThat(service.get("job_id").isNumber()).as("%s", service).isTrue();
                        }
                    });
            long recoveredAt = System.nanoTime();

            // Orphans whose job SLURM had were adopted by name; the others were submitted now, each once.
            String restartLog = second.log();
            Map<String, Long> adopted = matches(ADOPTED, restartLog);
            Map<String, Long> submittedAfterRestart = matches(SUBMITTED, restartLog);
            assertThat(adopted.keySet()).as("adopted by name").isEqualTo(orphansWithJob);
            assertThat(submittedAfterRestart.keySet()).as("submitted after the restart").isEqualTo(orphansWithoutJob);
            Map<String, JsonNode> recovered = services(api);
            adopted.forEach((id, jobId) -> assertThat(recovered.get(id).get("job_id").asLong()).isEqualTo(jobId));
            submittedAfterRestart.forEach((id, jobId) -> assertThat(recovered.get(id).get("job_id").asLong()).isEqualTo(jobId));
            assertExactlyOneJobPerService(jobPrefix, recovered);

            // Retrying every request with its key: stored ones replay (200) the same service, the rest are new (201).
            int replayedUnanswered = 0;
            for (String key : keys) {
                Outcome retry = post(second.baseUrl(), body, key);
                StoredService stored = storedByKey.get(key);
                if (stored != null) {
                    assertThat(retry.status()).as("retry of stored request %s: %s", key, retry.body()).isEqualTo(200);
                    assertThat(retry.replayed()).isTrue();
                    assertThat(retry.serviceId()).isEqualTo(stored.id());
                    replayedUnanswered += unanswered.contains(key) ? 1 : 0;
                } else {
                    assertThat(retry.status()).as("retry of never-stored request %s: %s", key, retry.body()).isEqualTo(201);
                    assertThat(retry.replayed()).isFalse();
                    assertThat(retry.body().get("job_id").isNumber()).as("%s", retry.body()).isTrue();
                }
            }
            await("all fifty services have a job").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        Map<String, JsonNode> services = services(api);
                        assertThat(services).hasSize(REQUESTS);
                        services.values().forEach(service -> assertThat(service.get("job_id").isNumber()).as("%s", service).isTrue());
                    });
            Map<String, JsonNode> all = services(api);
            assertThat(all.values().stream().map(service -> service.get("status").asString()).distinct())
                    .as("held jobs wait").containsOnly("PENDING");
            assertExactlyOneJobPerService(jobPrefix, all);

            System.out.printf("CrashRecoveryIT: %d requests, %d answered 201 before the kill, %d without an answer (%d still unanswered when the"
                    + " kill was sent, %d sbatch children running); %d services stored at the kill, %d of them SUBMITTING: %d adopted by name, %d submitted after the"
                    + " restart; retries: %d replayed (200) of the unanswered, %d new (201); restart to healthy %d ms, to full recovery"
                    + " %d ms (%d ms after healthy)%n", REQUESTS, accepted.size(), unanswered.size(), REQUESTS - answeredBeforeKill, children.size(),
                    storedAtKill.size(), orphans.size(), adopted.size(), submittedAfterRestart.size(), replayedUnanswered,
                    unanswered.size() - replayedUnanswered, millis(healthyAt - restartedAt), millis(recoveredAt - restartedAt),
                    millis(recoveredAt - healthyAt));
        } finally {
            clients.shutdownNow();
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            SlurmQueue.cancel(SlurmQueue.matching(job -> job.name().startsWith(jobPrefix)).stream().map(SlurmQueue.Job::id).toList());
            keepLogs();
        }
    }

    /** The two servers' logs outlive the temporary directory, for reading after a failure. */
    private void keepLogs() throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "crash-recovery-it"));
        for (String log : List.of("first.log", "second.log")) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(dir.resolve(log), kept.resolve(log), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** SLURM has exactly one job per service name, and no job under this run's prefix that no service owns. */
    private static void assertExactlyOneJobPerService(String jobPrefix, Map<String, JsonNode> services) {
        List<SlurmQueue.Job> jobs = SlurmQueue.matching(job -> job.name().startsWith(jobPrefix));
        Map<String, List<Long>> jobsByName = jobs.stream().collect(Collectors.groupingBy(SlurmQueue.Job::name,
                Collectors.mapping(SlurmQueue.Job::id, Collectors.toList())));
        Map<String, JsonNode> byName = services.values().stream().collect(Collectors.toMap(service -> service.get("name").asString(),
                Function.identity()));
        assertThat(jobsByName).as("job names that SLURM has more than once")
                .allSatisfy((name, ids) -> assertThat(ids).as(name).hasSize(1));
        assertThat(jobsByName.keySet()).as("names of this run's jobs in SLURM").isEqualTo(byName.keySet());
        byName.forEach((name, service) -> assertThat(jobsByName.get(name)).containsExactly(service.get("job_id").asLong()));
        assertThat(jobs).hasSameSizeAs(services.keySet());
    }

    private static Outcome post(String baseUrl, String body, String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/services")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .header("Authorization", TestTokens.bearer(TestTokens.ALICE))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : JSON.readTree(response.body());
            return new Outcome(response.statusCode(), response.headers().firstValue("Idempotent-Replayed").orElse("").equals("true"), json,
                    null);
        } catch (IOException e) {
            return new Outcome(-1, false, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, false, null, e.toString());
        }
    }

    /** Every service the server has, by id (one page: the test has fifty). */
    private static Map<String, JsonNode> services(ServerApi api) {
        Map<String, JsonNode> services = new HashMap<>();
        for (JsonNode service : api.expect(200, "GET", "/api/v1/services?limit=1000", null)) {
            services.put(service.get("id").asString(), service);
        }
        return services;
    }

    private static Map<String, StoredService> storedServices(Path database) throws SQLException {
        Map<String, StoredService> stored = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
                ResultSet rows = connection.createStatement()
                        .executeQuery("select id, idempotency_key, job_name, status, job_id from services order by created_at")) {
            while (rows.next()) {
                long jobId = rows.getLong("job_id");
                // Keys are stored per owner, as '<owner>:<key>'; every request here is alice's.
                String key = rows.getString("idempotency_key");
                assertThat(key).startsWith(OWNER_PREFIX);
                stored.put(rows.getString("id"), new StoredService(rows.getString("id"), key.substring(OWNER_PREFIX.length()),
                        rows.getString("job_name"), rows.getString("status"), rows.wasNull() ? null : jobId));
            }
        }
        return stored;
    }

    /** Service id to job id, for each log line the pattern matches. */
    private static Map<String, Long> matches(Pattern pattern, String log) {
        Map<String, Long> found = new HashMap<>();
        Matcher matcher = pattern.matcher(log);
        while (matcher.find()) {
            Long earlier = found.put(matcher.group(1), Long.parseLong(matcher.group(2)));
            assertThat(earlier).as("service %s handled twice", matcher.group(1)).isNull();
        }
        return found;
    }

    /** A recipes root with the held sleeper under a name unique to this run: its job names are this run's alone. */
    private Path recipesRoot(String recipe) throws IOException {
        Path root = dir.resolve("recipes");
        Files.createDirectories(root.resolve("tests"));
        String text = Files.readString(Path.of("src/test/resources/it-recipes/tests/held-sleeper.yaml"));
        assertThat(text).contains("\nname: held-sleeper\n");
        Files.writeString(root.resolve("tests/" + recipe + ".yaml"), text.replace("\nname: held-sleeper\n", "\nname: " + recipe + "\n"));
        return root;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
