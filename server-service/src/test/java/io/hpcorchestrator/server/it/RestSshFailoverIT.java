package io.hpcorchestrator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.SlurmCommands;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code rest+ssh}: slurmrestd is stopped in the middle of a run, and the server carries on over SSH. A
 * service deployed over REST keeps being followed, a new one is accepted and comes up, cancelling works, and
 * the failover shows in the metrics.
 *
 * <p>Only the 22.05 cluster's slurmrestd is stopped (the port of {@code SLURM_REST_URL}); a Slurm 24.11
 * slurmrestd of another test cluster may listen next to it and is left alone. The finally block starts it
 * again with {@code scripts/dev-cluster.sh up} and waits for it to answer, so later tests find it up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.PROPERTY)
class RestSshFailoverIT {

    private static final DevCluster CLUSTER = DevCluster.load();
    private static final Path RECIPES = ItRecipes.root();
    /** The tests run in {@code server-service/}; the dev cluster's script is at the repository's root. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final URI REST_URL = URI.create(CLUSTER.get("SLURM_REST_URL"));
    private static final Pattern LISTENER_PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern SERVING = Pattern.compile("slow-echo: serving (\\S+) on port");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hpc.recipes.root", RECIPES::toString);
        registry.add("hpc.cluster.runtime", () -> "none");
        registry.add("hpc.cluster.paths.work-dir", () -> CLUSTER.workDir().toString());
        registry.add("hpc.cluster.paths.images-dir", () -> CLUSTER.imagesDir().toString());
        registry.add("hpc.cluster.defaults.partition", CLUSTER::partition);
        registry.add("hpc.cluster.transport", () -> "rest+ssh");
        registry.add("hpc.cluster.rest.url", () -> CLUSTER.get("SLURM_REST_URL"));
        registry.add("hpc.cluster.rest.api-version", () -> CLUSTER.get("SLURM_REST_API_VERSION"));
        registry.add("hpc.cluster.rest.user", () -> CLUSTER.get("SLURM_USER_NAME"));
        registry.add("hpc.cluster.rest.token-file", () -> CLUSTER.get("SLURM_JWT_FILE"));
        registry.add("hpc.cluster.ssh.host", () -> CLUSTER.get("SSH_HOST"));
        registry.add("hpc.cluster.ssh.port", () -> CLUSTER.get("SSH_PORT"));
        registry.add("hpc.cluster.ssh.user", () -> CLUSTER.get("SSH_USER"));
        registry.add("hpc.cluster.ssh.private-key", () -> CLUSTER.get("SSH_KEY"));
        registry.add("hpc.cluster.ssh.known-hosts", () -> CLUSTER.get("SSH_KNOWN_HOSTS"));
    }

    private ServerApi api() {
        return new ServerApi("http://127.0.0.1:" + port);
    }

    @Test
    void withSlurmrestdStoppedTheServerDeploysFollowsAndCancelsOverSsh() throws Exception {
        // Before the outage everything goes through slurmrestd: no failover yet.
        String first = deploy().get("id").asString();
        JsonNode firstRunning = awaitStatus(first, "RUNNING", Duration.ofSeconds(90));
        long firstJob = firstRunning.get("job_id").asLong();
        assertThat(failovers()).as("failovers before slurmrestd stops").isZero();
        Path healthFile = healthFile(firstRunning);
        String second = null;

        ProcessHandle slurmrestd = slurmrestdOnRestPort();
        try {
            slurmrestd.destroy();
            // Polled closely, so the deployment below usually comes before the reconciler's next cycle notices the
            // outage, and takes the harder path: its REST submission fails, it stays SUBMITTING, and the reconciler
            // looks it up by name over SSH and submits it there.
            await("slurmrestd " + slurmrestd.pid() + " stopped").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10)).until(() -> !restPortOpen());

            // A new deployment is accepted at once: stored, then submitted over SSH, directly (once the outage is
            // known) or by the reconciler (when the REST submission failed first).
            JsonNode created = deploy();
            second = created.get("id").asString();
            String acceptedAs = created.get("status").asString();
            assertThat(acceptedAs).isIn("SUBMITTING", "PENDING");
            if (acceptedAs.equals("SUBMITTING")) {
                assertThat(created.get("reason").asString()).startsWith("SlurmUnavailable: ");
            }
            await("slurmrestd " + slurmrestd.pid() + " exited").atMost(Duration.ofSeconds(30)).until(() -> !slurmrestd.isAlive());
            JsonNode secondRunning = awaitStatus(second, "RUNNING", Duration.ofSeconds(90));
            assertThat(secondRunning.get("job_id").asLong()).isPositive();
            assertThat(SlurmCommands.state(secondRunning.get("job_id").asLong())).hasValue("RUNNING");

            // The first service is still followed: the reconciler reads its job over SSH and probes it, so losing
            // and regaining readiness shows in its reason.
            Files.delete(healthFile);
            awaitReason(first, "ReadinessProbeFailing");
            Files.writeString(healthFile, "ok\n");
            awaitReason(first, null);

            JsonNode cancelled = api().expect(200, "DELETE", "/api/v1/services/" + first, null);
            assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("reason").asString()).isEqualTo("CancelledByUser");
            await("job " + firstJob + " cancelled in SLURM").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(SlurmCommands.state(firstJob)).hasValue("CANCELLED"));

            assertThat(failovers()).as("hpc_slurm_failovers_total").isPositive();
            assertThat(restPortOpen()).as("slurmrestd stayed down throughout").isFalse();

            assertThat(api().expect(200, "DELETE", "/api/v1/services/" + second, null).get("status").asString()).isEqualTo("CANCELLED");
            System.out.printf("RestSshFailoverIT: the deployment during the outage was accepted as %s (%s), RUNNING over ssh;"
                    + " %.0f failover(s) counted%n", acceptedAs, acceptedAs.equals("SUBMITTING")
                            ? "REST submission failed, the reconciler submitted it over ssh" : "submitted over ssh directly", failovers());
        } finally {
            cancelJobsOf(first, second);
            restartSlurmrestd();
        }
    }

    private JsonNode deploy() {
        JsonNode created = api().expect(201, "POST", "/api/v1/services", "{\"recipe_name\": \"tests/slow-echo\"}");
        assertThat(created.get("id").asString()).matches("svc-[0-9a-f]{12}");
        return created;
    }

    private JsonNode awaitStatus(String id, String status, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await("service " + id + " " + status).atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last[0] = api().expect(200, "GET", "/api/v1/services/" + id, null);
            assertThat(last[0].get("status").asString()).as("reason: %s", last[0].get("reason")).isEqualTo(status);
        });
        return last[0];
    }

    /** Waits for a RUNNING service's reason to become {@code reason} ({@code null}: ready, nothing to say). */
    private void awaitReason(String id, String reason) {
        await("service " + id + " reason " + reason).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode service = api().expect(200, "GET", "/api/v1/services/" + id + "/status", null);
                    assertThat(service.get("status").asString()).isEqualTo("RUNNING");
                    JsonNode actual = service.get("reason");
                    assertThat(actual == null || actual.isNull() ? null : actual.asString()).isEqualTo(reason);
                });
    }

    /** slow-echo serves its health file from a directory it names in its first output line. */
    private static Path healthFile(JsonNode service) {
        Path stdout = Path.of(service.get("stdout_path").asString());
        Matcher[] serving = new Matcher[1];
        await("slow-echo output in " + stdout).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            serving[0] = SERVING.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
            return serving[0].find();
        });
        Path health = Path.of(serving[0].group(1), "health");
        assertThat(health).exists();
        return health;
    }

    /** The sum of {@code hpc_slurm_failovers_total} over its tags, 0 before the first failover registers it. */
    private double failovers() throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", TestTokens.bearer(TestTokens.SCRAPE)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith("hpc_slurm_failovers_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The process listening on the REST URL's port (ss, as root, names it), checked to be a slurmrestd and to match
     * the dev cluster's pid file, so that nothing else is stopped by mistake.
     */
    private static ProcessHandle slurmrestdOnRestPort() throws IOException, InterruptedException {
        String ss = run(List.of("ss", "-Hltnp", "sport = :" + REST_URL.getPort()));
        Matcher pid = LISTENER_PID.matcher(ss);
        assertThat(pid.find()).as("a listener on port %d: %s", REST_URL.getPort(), ss).isTrue();
        ProcessHandle listener = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
        assertThat(listener.info().command()).as("process %d", listener.pid()).hasValueSatisfying(command -> assertThat(command).endsWith("slurmrestd"));
        Path pidFile = Path.of("/var/lib/hpc-dev-cluster/run/slurmrestd.pid");
        if (Files.isReadable(pidFile)) {
            assertThat(Long.parseLong(Files.readString(pidFile).strip())).as("pid in %s", pidFile).isEqualTo(listener.pid());
        }
        return listener;
    }

    private static boolean restPortOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(REST_URL.getHost(), REST_URL.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void cancelJobsOf(String... serviceIds) {
        for (String id : serviceIds) {
            if (id == null) {
                continue;
            }
            try {
                JsonNode service = api().expect(200, "GET", "/api/v1/services/" + id, null);
                if (service.get("job_id").isNumber()) {
                    SlurmQueue.cancel(Set.of(service.get("job_id").asLong()));
                }
            } catch (RuntimeException | AssertionError e) {
                // Cleanup must not hide the test's own failure, nor stop slurmrestd's restart.
            }
        }
    }

    /** {@code scripts/dev-cluster.sh up} starts whatever daemon is missing; then slurmrestd must answer its ping. */
    private static void restartSlurmrestd() throws IOException, InterruptedException {
        Path log = Files.createTempFile("dev-cluster-up", ".log");
        Process up = new ProcessBuilder("bash", REPOSITORY.resolve("scripts/dev-cluster.sh").toString(), "up")
                .directory(REPOSITORY.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!up.waitFor(10, TimeUnit.MINUTES)) {
            up.destroyForcibly();
            up.waitFor();
        }
        String output = Files.readString(log);
        assertThat(up.exitValue()).as("dev-cluster.sh up:\n%s", output).isZero();
        String ping = REST_URL + "/slurm/" + CLUSTER.get("SLURM_REST_API_VERSION") + "/ping";
        await("slurmrestd answers " + ping).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(ping)).timeout(Duration.ofSeconds(5))
                        .header("X-SLURM-USER-NAME", CLUSTER.get("SLURM_USER_NAME"))
                        .header("X-SLURM-USER-TOKEN", Files.readString(Path.of(CLUSTER.get("SLURM_JWT_FILE"))).strip())
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return output;
    }
}
