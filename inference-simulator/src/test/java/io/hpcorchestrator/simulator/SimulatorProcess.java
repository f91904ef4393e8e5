package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged simulator jar (or a command that runs it) as a separate process, the way a job runs it. */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private SimulatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("simulator.jar", "target/inference-simulator.jar"));
        assertThat(jar).as("the packaged simulator (system property simulator.jar); run mvn verify").isRegularFile();
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SimulatorProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new SimulatorProcess(builder.start(), log);
    }

    /** Waits for GET /health to answer 200 and returns how long that took from the start of the process. */
    Duration awaitHealthy(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(process.isAlive()).as("simulator process alive; output: %s", output()).isTrue();
                    assertThat(client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                });
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("process ended").isTrue();
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
