package io.hpcorchestrator.logs.it;

import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real server (its packaged jar) on the local cluster, one per transport per test JVM, with the logs ITs' recipes
 * and a secret {@code TEST_TOKEN}, accepting the test tokens. Started on first use, stopped when the JVM exits. Tests
 * deploy as alice and read logs as an admin, so they hold whether or not the server records owners.
 */
public final class TestServer {

    public static final DevCluster CLUSTER = DevCluster.load();
    /** As hostile as quoting must bear; the server hands it to jobs, the logs service must mask it. */
    public static final String SECRET = "s3cr3t-'$(id)'-" + java.util.UUID.randomUUID();

    private static final Map<String, JarProcess> SERVERS = new ConcurrentHashMap<>();

    private TestServer() {
    }

    /** The server on {@code transport} ({@code local} or {@code ssh}). */
    public static JarProcess on(String transport) {
        return SERVERS.computeIfAbsent(transport, TestServer::start);
    }

    private static JarProcess start(String transport) {
        try {
            Path dir = Files.createTempDirectory("logs-it-server-" + transport);
            Path jar = JarProcess.jar("hpc.it.server-jar", dir);
            List<String> arguments = new ArrayList<>(List.of("--hpc.recipes.root=" + recipes(dir), "--hpc.cluster.runtime=none",
                    "--hpc.cluster.paths.work-dir=" + CLUSTER.workDir(), "--hpc.cluster.paths.images-dir=" + CLUSTER.imagesDir(),
                    "--hpc.cluster.defaults.partition=" + CLUSTER.partition(), "--hpc.reconciler.interval=500ms"));
            arguments.addAll(clusterArguments(transport));
            JarProcess server = JarProcess.start(jar, dir, "server", List.of("-Xmx384m"),
                    Map.of("HPC_DATABASE_URL", "jdbc:h2:file:" + dir.resolve("db/server"), "HPC_SECRET_TEST_TOKEN", SECRET,
                            "HPC_TOKENS", TestTokens.HPC_TOKENS), arguments);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                deleteRecursively(dir);
            }));
            return server.awaitHealthy(Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's copy of its jar (40 MB) and its database go with the test JVM. */
    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory; nothing depends on it.
        }
    }

    /** {@code --hpc.cluster.*} for a transport, as both services take them. */
    public static List<String> clusterArguments(String transport) {
        List<String> arguments = new ArrayList<>(List.of("--hpc.cluster.transport=" + transport));
        if (transport.equals("ssh")) {
            arguments.addAll(List.of("--hpc.cluster.ssh.host=" + CLUSTER.get("SSH_HOST"), "--hpc.cluster.ssh.port=" + CLUSTER.get("SSH_PORT"),
                    "--hpc.cluster.ssh.user=" + CLUSTER.get("SSH_USER"), "--hpc.cluster.ssh.private-key=" + CLUSTER.get("SSH_KEY"),
                    "--hpc.cluster.ssh.known-hosts=" + CLUSTER.get("SSH_KNOWN_HOSTS")));
        }
        return arguments;
    }

    /** The test recipes in a fresh root (copies: the catalog refuses symlinks leading out of its root). */
    private static Path recipes(Path dir) throws IOException {
        Path root = dir.resolve("recipes");
        Files.createDirectories(root.resolve("tests"));
        try (var files = Files.list(Path.of("src/test/resources/it-recipes/tests"))) {
            for (Path file : files.toList()) {
                Files.copy(file, root.resolve("tests").resolve(file.getFileName()));
            }
        }
        return root;
    }
}
