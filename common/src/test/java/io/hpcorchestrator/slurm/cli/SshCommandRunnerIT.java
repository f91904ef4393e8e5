package io.hpcorchestrator.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.testing.DevCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH runner against the local cluster's sshd (127.0.0.1:2222, user hpcuser). */
class SshCommandRunnerIT {

    /** Values a secret may hold: quotes, substitutions, line breaks, control characters, non-ASCII text. */
    private static final Map<String, String> HOSTILE = hostileValues();

    private final DevCluster cluster = DevCluster.load();
    private final RecordingLog log = new RecordingLog();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Long> jobs = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void onTheClusterWithALoginNode() {
        CliClusters.assumeCliCluster(cluster);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (!jobs.isEmpty()) {
            CliSlurmClient client = new CliSlurmClient(runner());
            jobs.forEach(client::cancel);
        }
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private SshCommandRunner runner() {
        SshCommandRunner runner = new SshCommandRunner(CliClusters.ssh(cluster), log);
        toClose.add(runner);
        return runner;
    }

    private static Map<String, String> hostileValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("QUOTES", "it's \"quoted\" '\\'' \\' \\\"");
        values.put("SUBSTITUTIONS", "$(touch /tmp/pwned) `id` ${HOME} $HOME $((1+1)) !! !$");
        values.put("LINES", "first line\nsecond line\r\n#SBATCH --uid=0\n");
        values.put("CONTROL", "tab\there bell\u0007 escape\u001b[31m del\u007f");
        values.put("UNICODE", "ünïcödé – 日本語 – 🚀 – \u200b");
        values.put("SHELL_SYNTAX", "; rm -rf / && | > < & * ? [a] {b,c} ~ # %s %n -n --help");
        values.put("EMPTY", "");
        values.put("SPACES", "  leading and trailing  ");
        return values;
    }

    @Test
    void anUnknownHostKeyIsRefusedByDefault() throws IOException {
        Path emptyKnownHosts = Files.createFile(dir.resolve("known_hosts"));
        SshCommandRunner runner = new SshCommandRunner(CliClusters.ssh(cluster, Path.of(cluster.get("SSH_KEY")), emptyKnownHosts, true), log);
        toClose.add(runner);

        assertThatThrownBy(() -> runner.run(Command.of("true")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("host key of hpcuser@127.0.0.1:" + cluster.get("SSH_PORT"))
                .hasMessageContaining("is not in " + emptyKnownHosts)
                .hasMessageContaining("refusing");
        assertThat(runner.sessionsOpened()).isZero();
    }

    @Test
    void switchingHostKeyChecksOffConnectsButWarnsLoudly() throws IOException {
        Path emptyKnownHosts = Files.createFile(dir.resolve("known_hosts"));
        SshCommandRunner runner = new SshCommandRunner(CliClusters.ssh(cluster, Path.of(cluster.get("SSH_KEY")), emptyKnownHosts, false), log);
        toClose.add(runner);

        assertThat(log.lines).anySatisfy(line -> assertThat(line).startsWith("WARN").contains("HOST KEY CHECKING IS OFF"));
        assertThat(runner.run(Command.of("echo", "connected")).stdout()).isEqualTo("connected\n");
    }

    @Test
    void aMissingKnownHostsFileIsRefusedAtStart() {
        Path missing = dir.resolve("no-known-hosts");
        assertThatThrownBy(() -> new SshCommandRunner(CliClusters.ssh(cluster, Path.of(cluster.get("SSH_KEY")), missing, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefusedAtStartNamingTheFile() throws IOException {
        Path key = Files.copy(Path.of(cluster.get("SSH_KEY")), dir.resolve("id_ed25519"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new SshCommandRunner(CliClusters.ssh(cluster, key, Path.of(cluster.get("SSH_KNOWN_HOSTS")), true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the SSH private key " + key + " is accessible by group or others (rw-r--r--)")
                .hasMessageContaining("chmod 600 " + key);
    }

    @Test
    void aMissingPrivateKeyIsRefusedAtStartNamingTheFile() {
        Path key = dir.resolve("no-such-key");
        assertThatThrownBy(() -> new SshCommandRunner(CliClusters.ssh(cluster, key, Path.of(cluster.get("SSH_KNOWN_HOSTS")), true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.toString());
    }

    @Test
    void fiftyCallsSequentialAndConcurrentShareOneSession() throws Exception {
        SshCommandRunner runner = runner();
        for (int i = 0; i < 25; i++) {
            assertThat(runner.run(Command.of("echo", "call " + i)).stdout()).isEqualTo("call " + i + "\n");
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 25; i < 50; i++) {
                String word = "call " + i;
                results.add(pool.submit(() -> runner.run(Command.of("sh", "-c", "sleep 0.2; echo \"$0\"", word))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo("call " + (i + 25) + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runner.sessionsOpened()).isEqualTo(1);
    }

    @Test
    void theNextCallReconnectsAfterTheSessionWasKilled() throws Exception {
        SshCommandRunner runner = runner();
        long sshd = sshdServing(runner);
        ProcessHandle.of(sshd).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(sshd).isEmpty());

        assertThat(runner.run(Command.of("echo", "back")).stdout()).isEqualTo("back\n");
        assertThat(runner.sessionsOpened()).isEqualTo(2);
        assertThat(sshdServing(runner)).isNotEqualTo(sshd);
    }

    /** The sshd process that runs this runner's commands: the first sshd above the remote shell. */
    private static long sshdServing(SshCommandRunner runner) {
        String walk = "p=$$; while [ \"$p\" -gt 1 ]; do"
                + " if [ \"$(cat /proc/$p/comm)\" = sshd ]; then echo $p; exit 0; fi;"
                + " p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status); done; exit 1";
        CommandResult result = runner.run(Command.of("sh", "-c", walk));
        assertThat(result.exitCode()).as("an sshd above the remote shell").isZero();
        return Long.parseLong(result.stdout().strip());
    }

    @Test
    void aCommandPastItsTimeoutFailsAndTheSessionStaysUsable() {
        SshCommandRunner runner = runner();
        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(500))))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("sleep did not finish within PT0.5S");
        assertThat(runner.run(Command.of("echo", "still here")).stdout()).isEqualTo("still here\n");
        assertThat(runner.sessionsOpened()).isEqualTo(1);
    }

    @Test
    void exitCodesAndBothOutputsComeBack() {
        CommandResult result = runner().run(Command.of("sh", "-c", "cat; echo oops >&2; exit 3").withStdin("in\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result).isEqualTo(new CommandResult(3, "in\n", "oops\n"));
    }

    @Test
    void hostileEnvironmentValuesArriveByteForByte() {
        SshCommandRunner runner = runner();
        for (Map.Entry<String, String> value : HOSTILE.entrySet()) {
            CommandResult result = runner.run(Command.of("sh", "-c", "printf '%s' \"$" + value.getKey() + "\"")
                    .withEnvironment(HOSTILE));
            assertThat(result.stdout()).as(value.getKey()).isEqualTo(value.getValue());
        }
        String words = runner.run(Command.of("printf", "%s\\n", "$(id)", "a b", "it's", "`x`", "line\nbreak")).stdout();
        assertThat(words).isEqualTo("$(id)\na b\nit's\n`x`\nline\nbreak\n");
    }

    @Test
    void hostileEnvironmentValuesReachABatchJobByteForByte() throws IOException {
        CliSlurmClient client = new CliSlurmClient(runner());
        String name = "ssh-env-" + UUID.randomUUID().toString().substring(0, 8);
        Path out = cluster.workDir().resolve(name);
        StringBuilder body = new StringBuilder("mkdir -p " + out + "\n");
        HOSTILE.keySet().forEach(key -> body.append("printf '%s' \"$").append(key).append("\" > ").append(out).append('/').append(key).append('\n'));
        long id = client.submit(new JobSubmission(script(name, body.toString()), name, cluster.workDir().toString(), HOSTILE));
        jobs.add(id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.jobs(List.of(id)))
                .singleElement().extracting(JobInfo::state).isEqualTo(JobState.COMPLETED));
        for (Map.Entry<String, String> value : HOSTILE.entrySet()) {
            assertThat(Files.readString(out.resolve(value.getKey()), StandardCharsets.UTF_8)).as(value.getKey()).isEqualTo(value.getValue());
        }
    }

    @Test
    void environmentValuesNeverAppearInLogsOrErrors() {
        String secret = "hf_" + UUID.randomUUID();
        SshCommandRunner runner = runner();
        CliSlurmClient client = new CliSlurmClient(runner);
        Map<String, String> environment = Map.of("HF_TOKEN", secret);

        runner.run(Command.of("true").withEnvironment(environment));
        Throwable timeout = catchThrowable(() -> runner.run(Command.of("sleep", "5").withEnvironment(environment).withTimeout(Duration.ofMillis(200))));
        String badScript = "#!/bin/bash\n#SBATCH --partition=no-such-partition\ntrue\n";
        Throwable rejected = catchThrowable(() -> client.submit(new JobSubmission(badScript, "ssh-secret", cluster.workDir().toString(), environment)));

        assertThat(timeout).isInstanceOf(CommandException.class);
        assertThat(rejected).hasMessageContaining("partition");
        assertThat(log.lines).isNotEmpty().noneSatisfy(line -> assertThat(line).contains(secret));
        assertThat(log.text()).contains("HF_TOKEN");
        assertThat(List.of(String.valueOf(timeout), String.valueOf(rejected), runner.toString(), client.toString()))
                .noneSatisfy(text -> assertThat(text).contains(secret));
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void aPortForwardReachesAnHttpServerStartedInAJob() throws Exception {
        SshCommandRunner runner = runner();
        CliSlurmClient client = new CliSlurmClient(runner);
        String name = "ssh-forward-" + UUID.randomUUID().toString().substring(0, 8);
        Path site = cluster.workDir().resolve(name);
        String mark = "served by " + name;
        String body = "mkdir -p " + site + "\necho '" + mark + "' > " + site + "/index.html\n"
                + "port=$((20000 + RANDOM % 12000))\necho $port > " + site + "/port\n"
                + "exec " + cluster.get("BUSYBOX") + " httpd -f -p $port -h " + site + "\n";
        long id = client.submit(new JobSubmission(script(name, body), name, cluster.workDir().toString(), Map.of()));
        jobs.add(id);

        JobInfo job = await().atMost(Duration.ofSeconds(30)).until(() -> client.jobs(List.of(id)).stream().findFirst(),
                found -> found.filter(info -> info.state() == JobState.RUNNING).isPresent()).orElseThrow();
        String address = client.nodes().stream().filter(node -> node.name().equals(job.batchHost()))
                .map(NodeInfo::address).findFirst().orElseThrow();
        int port = await().atMost(Duration.ofSeconds(30)).until(() -> readPort(runner, site.resolve("port")), Optional::isPresent).orElseThrow();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (PortForward forward = runner.forward(address, port)) {
            assertThat(forward.isOpen()).isTrue();
            URI uri = URI.create("http://127.0.0.1:" + forward.localPort() + "/index.html");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(mark + "\n");
            });
            forward.close();
            assertThat(forward.isOpen()).isFalse();
            // Fresh sockets, not the HTTP client's pooled connection, which outlives the listener. Polled, because
            // ServerSocket.close() returns before the thread blocked in accept() lets go of the listening socket.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> refusesConnections(forward.localPort()));
        }
        assertThat(runner.sessionsOpened()).isEqualTo(1);
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Integer> readPort(SshCommandRunner runner, Path file) {
        return runner.readFile(file.toString(), 0, 64)
                .map(chunk -> new String(chunk.data(), StandardCharsets.UTF_8).strip())
                .filter(text -> text.matches("\\d+"))
                .map(Integer::valueOf);
    }

    private String script(String name, String body) {
        return "#!/bin/bash\n#SBATCH --partition=" + cluster.partition() + "\n#SBATCH --output=" + cluster.workDir() + "/" + name
                + ".out\n#SBATCH --time=5\n#SBATCH --mem=64M\n" + body;
    }
}
