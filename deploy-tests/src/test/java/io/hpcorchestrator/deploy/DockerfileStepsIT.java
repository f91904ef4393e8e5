package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine runs here, so each service's Dockerfile is carried out by hand with the jar the build produced:
 * its own RUN, ENV, ENTRYPOINT and HEALTHCHECK texts, with the image's paths (/build, /app, /data, /tmp/cds)
 * mapped into a temporary folder. This shows that the unpacking, the class-data archive, the start command with
 * JAVA_OPTS and the health check work as written; what only an engine adds (base image, user, volumes) is left
 * to ComposeStackIT.
 */
class DockerfileStepsIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void imageStepsUnpackRecordStartAndPassTheHealthCheck(String service) throws Exception {
        Optional<Path> jar = Repo.builtJar(service);
        assumeTrue(jar.isPresent(), service + " is not built: run mvn package first");
        List<String[]> dockerfile = Repo.dockerfile(service + "/Dockerfile");
        Path build = Files.createDirectories(tmp.resolve("build"));
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path data = Files.createDirectories(tmp.resolve("data"));

        // Stage 'unpack': COPY target/<service>-*.jar service.jar, then its RUN.
        Files.copy(jar.get(), build.resolve("service.jar"));
        List<String> runs = Repo.instructions(dockerfile, "RUN");
        String unpack = runs.stream().filter(r -> r.contains("jarmode=tools")).findFirst().orElseThrow();
        assertThat(shell(build, Map.of(), unpack).exitCode()).isZero();

        // Final stage: the layers in the Dockerfile's order, merged into /app.
        for (String copy : Repo.instructions(dockerfile, "COPY")) {
            if (copy.startsWith("--from=unpack /build/")) {
                String source = copy.substring("--from=unpack /build/".length(), copy.indexOf(' ', "--from=unpack ".length()));
                copyTree(build.resolve(source), app);
            }
        }
        assertThat(app.resolve("app.jar")).isRegularFile();
        assertThat(app.resolve("lib")).isDirectory();

        Map<String, String> env = new LinkedHashMap<>();
        DockerfileTest.env(dockerfile).forEach((name, value) -> env.put(name, mapPaths(value, app, data)));
        // Nothing of this test may reach a real server or cluster.
        env.put("HPC_SERVER_URL", "http://127.0.0.1:9");
        env.put("HPC_CLIENT_SERVER_URL", "http://127.0.0.1:9");

        // The class-data archive RUN.
        String cds = runs.stream().filter(r -> r.contains("ArchiveClassesAtExit")).findFirst().orElseThrow();
        DeployConfigsTest.Run recorded = shell(tmp, env, mapPaths(cds, app, data));
        assertThat(recorded.exitCode()).as(recorded.output()).isZero();
        assertThat(recorded.output()).as("the recording start-up succeeded").doesNotContain("no class-data archive");
        assertThat(app.resolve("app.jsa")).isRegularFile().isNotEmptyFile();

        // ENTRYPOINT, then HEALTHCHECK until it passes.
        int port = freePort();
        env.put("SERVER_PORT", String.valueOf(port));
        List<String> entrypoint = new ArrayList<>(DockerfileTest.execForm(Repo.instructions(dockerfile, "ENTRYPOINT").get(0)));
        entrypoint.replaceAll(argument -> mapPaths(argument, app, data));
        Path log = tmp.resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(entrypoint).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            String healthCheck = Repo.instructions(dockerfile, "HEALTHCHECK").get(0);
            healthCheck = healthCheck.substring(healthCheck.indexOf("CMD ") + 4);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            boolean healthy = false;
            while (!healthy && System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("%s is running; its output:%n%s", service, Files.readString(log)).isTrue();
                healthy = shell(tmp, Map.of("SERVER_PORT", String.valueOf(port)), healthCheck).exitCode() == 0;
                if (!healthy) {
                    Thread.sleep(250);
                }
            }
            assertThat(healthy).as("%s passed its health check within %s; its output:%n%s", service, START_TIMEOUT, Files.readString(log))
                    .isTrue();

            String commandLine = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
            assertThat(commandLine).as("java runs with the image's JAVA_OPTS and archive")
                    .startsWith("java ")
                    .contains(String.join(" ", Repo.jvmOptions(service)))
                    .contains("-XX:SharedArchiveFile=" + app.resolve("app.jsa"))
                    .contains("-jar " + app.resolve("app.jar"));
            assertThat(Files.readString(log)).as("the archive matched the class path").doesNotContain("[warning][cds]");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The image's paths in this test's folders. */
    private String mapPaths(String text, Path app, Path data) {
        return text.replace("/app/", app + File.separator)
                .replace("/tmp/cds", tmp.resolve("cds").toString())
                .replaceAll("^/data$", data.toString())
                .replaceAll("^/recipes$", Repo.path("recipes").toString());
    }

    private static DeployConfigsTest.Run shell(Path dir, Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new DeployConfigsTest.Run(process.exitValue(), output);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
