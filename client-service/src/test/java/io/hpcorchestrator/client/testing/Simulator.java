package io.hpcorchestrator.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's inference simulator as a process of its own, started from its packaged jar on a free loopback port:
 * the target with known timing that the benchmark tests measure against. A separate JVM, so its pauses are not the
 * client's. The jar is copied first, as others may rebuild {@code inference-simulator/target} meanwhile.
 */
public final class Simulator implements AutoCloseable {

    private static Path jarCopy;

    private final Process process;
    private final int port;
    private final Path log;

    private Simulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code java -jar inference-simulator.jar --host 127.0.0.1 --port <free> flags...} and waits for /health. */
    public static Simulator start(String... flags) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(flags));
        try {
            Path log = Files.createTempFile("simulator-" + port + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Simulator simulator = new Simulator(process, port, log);
            simulator.awaitHealthy();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The simulator's {@code /metrics} text. */
    public String metrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
        await("simulator on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(process.isAlive()).as("simulator alive; log %s", log).isTrue();
                    assertThat(client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                });
    }

    /** The packaged simulator, copied once per test JVM. */
    public static synchronized Path jar() {
        if (jarCopy == null) {
            jarCopy = copyOfBuiltJar(Path.of("../inference-simulator/target"), "inference-simulator-[^-]+(-SNAPSHOT)?\\.jar",
                    "the packaged simulator in inference-simulator/target (mvn -pl inference-simulator package)");
        }
        return jarCopy;
    }

    static Path copyOfBuiltJar(Path dir, String pattern, String what) {
        try (var files = Files.list(dir)) {
            Path built = files.filter(file -> file.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("missing: " + what));
            Path copy = Files.createTempFile("hpc-test-", ".jar");
            Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("missing: " + what, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM running the tests, so the child runs on the same Java. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
