package io.hpcorchestrator.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Spring Boot jar (the client's, or the server's) running as a process of its own on a free port, so a
 * test can kill it as an operating system would and start it again. Output goes to a log file.
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private JarProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The packaged client jar of this build, copied so a build running meanwhile cannot change it. */
    public static Path clientJar(Path dir) {
        return copy(Path.of("target"), "client-service-[^-]+(-SNAPSHOT)?\\.jar", dir.resolve("client-service.jar"),
                "the packaged client in target/ (mvn verify packages before the ITs)");
    }

    /** The packaged server jar, from the server module's last build. */
    public static Path serverJar(Path dir) {
        return copy(Path.of("../server-service/target"), "server-service-[^-]+(-SNAPSHOT)?\\.jar", dir.resolve("server-service.jar"),
                "the packaged server in server-service/target (mvn -pl server-service package, or a full build)");
    }

    private static Path copy(Path from, String pattern, Path to, String what) {
        try (var files = Files.list(from)) {
            Path built = files.filter(file -> file.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("missing: " + what));
            Files.copy(built, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new IllegalStateException("missing: " + what, e);
        }
    }

    /** {@code java -Xmx384m -jar jar --server.port=<free> arguments...} in {@code workDir}. */
    public static JarProcess start(Path jar, Path workDir, String logName, Map<String, String> environment, List<String> arguments) {
        int port = Simulator.freePort();
        List<String> command = new ArrayList<>(List.of(Simulator.javaBinary(), "-Xmx384m", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port));
        command.addAll(arguments);
        Path log = workDir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            JarProcess started = new JarProcess(builder.start(), port, log);
            started.awaitHealthy();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        await("process on port " + port + " healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("the process exited", () -> assertThat(process.isAlive()).withFailMessage(() -> "exited; log:\n" + tail()).isTrue())
                .until(() -> {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    return health.statusCode() == 200 && health.body().contains("\"UP\"");
                });
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: Spring shuts down in order. */
    public void stop() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
