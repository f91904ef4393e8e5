package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** Each service's Dockerfile: built from the jar the build produces, unprivileged, bounded JVM, health check. */
class DockerfileTest {

    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"([^\"]*)\"|(\\S*))");

    /** The variables of a Dockerfile's ENV instructions. */
    static Map<String, String> env(List<String[]> dockerfile) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : Repo.instructions(dockerfile, "ENV")) {
            Matcher m = ENV_ASSIGNMENT.matcher(instruction);
            while (m.find()) {
                env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        return env;
    }

    /** An exec-form instruction (a JSON array). */
    static List<String> execForm(String arguments) {
        return Arrays.asList(JsonMapper.builder().build().readValue(arguments, String[].class));
    }

    static int applicationPort(String service) {
        Map<String, Object> yaml = Repo.yaml(service + "/src/main/resources/application.yaml");
        return (Integer) Repo.map(yaml.get("server")).get("port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void imageIsBuiltFromTheJarTheBuildProduces(String service) throws IOException {
        List<String[]> dockerfile = Repo.dockerfile(service + "/Dockerfile");
        List<String> from = Repo.instructions(dockerfile, "FROM");
        assertThat(from).containsExactly("${JAVA_IMAGE} AS unpack", "${JAVA_IMAGE}");
        assertThat(Repo.instructions(dockerfile, "ARG")).contains("JAVA_IMAGE=eclipse-temurin:17-jre-noble");
        assertThat(Repo.instructions(dockerfile, "COPY")).first().isEqualTo("target/" + service + "-*.jar service.jar");
        assertThat(Repo.instructions(dockerfile, "RUN")).first().asString()
                .contains("java -Djarmode=tools -jar service.jar extract --layers --destination layers --application-filename app.jar");
        List<String> layers = Repo.instructions(dockerfile, "COPY").stream()
                .filter(c -> c.startsWith("--from=unpack /build/layers/"))
                .map(c -> c.replaceAll("--from=unpack /build/layers/([^/]+)/ \\./", "$1"))
                .toList();
        assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

        Optional<Path> jar = Repo.builtJar(service);
        assumeTrue(jar.isPresent(), service + " is not built (mvn package): its jar's layers were not compared");
        try (ZipFile zip = new ZipFile(jar.get().toFile())) {
            assertThat(zip.stream().map(e -> e.getName()))
                    .as("the jar can be unpacked with -Djarmode=tools")
                    .anyMatch(name -> name.matches("BOOT-INF/lib/spring-boot-jarmode-tools-.*\\.jar"));
            String index = new String(zip.getInputStream(zip.getEntry("BOOT-INF/layers.idx")).readAllBytes(), StandardCharsets.UTF_8);
            List<String> jarLayers = new ArrayList<>();
            Matcher m = Pattern.compile("^- \"([^\"]+)\":", Pattern.MULTILINE).matcher(index);
            while (m.find()) {
                jarLayers.add(m.group(1));
            }
            assertThat(layers).as("layers the Dockerfile copies").containsExactlyElementsOf(jarLayers);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void imageRunsAsAnUnprivilegedUser(String service) {
        List<String[]> dockerfile = Repo.dockerfile(service + "/Dockerfile");
        assertThat(Repo.instructions(dockerfile, "ARG")).contains("APP_UID=10001");
        assertThat(Repo.instructions(dockerfile, "USER")).containsExactly("${APP_UID}:${APP_UID}");
        int user = -1;
        int lastRun = -1;
        for (int i = 0; i < dockerfile.size(); i++) {
            if (dockerfile.get(i)[0].equals("USER")) {
                user = i;
            } else if (dockerfile.get(i)[0].equals("RUN")) {
                lastRun = i;
            }
        }
        assertThat(user).as("USER comes after the last RUN").isGreaterThan(lastRun);
        assertThat(Repo.instructions(dockerfile, "RUN")).anyMatch(r -> r.contains("useradd --system --uid \"$APP_UID\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void jvmIsSizedByTheShippedOptionsAndUsesTheClassDataArchive(String service) {
        List<String[]> dockerfile = Repo.dockerfile(service + "/Dockerfile");
        Map<String, String> env = env(dockerfile);

        assertThat(List.of(env.get("JAVA_OPTS").split(" "))).as("JAVA_OPTS = deploy/jvm/" + service + ".options")
                .containsExactlyElementsOf(Repo.jvmOptions(service));
        assertThat(env).containsEntry("HPC_DATA_DIR", "/data").containsEntry("JAVA_OPTS_EXTRA", "");
        assertThat(Repo.instructions(dockerfile, "RUN")).anyMatch(r -> r.contains("-XX:ArchiveClassesAtExit=/app/app.jsa")
                && r.contains("-Dspring.context.exit=onRefresh") && r.contains("$JAVA_OPTS"));
        List<String> entrypoint = execForm(Repo.instructions(dockerfile, "ENTRYPOINT").get(0));
        assertThat(entrypoint).hasSize(4).startsWith("/bin/sh", "-c").endsWith("--");
        assertThat(entrypoint.get(2)).isEqualTo(
                "exec java $JAVA_OPTS $JAVA_OPTS_EXTRA -XX:SharedArchiveFile=/app/app.jsa -jar /app/app.jar \"$@\"");
        assertThat(Repo.instructions(dockerfile, "VOLUME")).containsExactly("[\"/data\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void healthCheckAndExposedPortAreTheServicesPort(String service) {
        List<String[]> dockerfile = Repo.dockerfile(service + "/Dockerfile");
        int port = Repo.SERVICES.get(service);

        assertThat(applicationPort(service)).as(service + "'s server.port").isEqualTo(port);
        assertThat(Repo.instructions(dockerfile, "EXPOSE")).containsExactly(String.valueOf(port));
        assertThat(Repo.instructions(dockerfile, "HEALTHCHECK")).singleElement().asString()
                .contains("CMD bash -c", "/dev/tcp/127.0.0.1/${SERVER_PORT:-" + port + "}", "GET /actuator/health", "\\\"status\\\":\\\"UP\\\"");
    }
}
