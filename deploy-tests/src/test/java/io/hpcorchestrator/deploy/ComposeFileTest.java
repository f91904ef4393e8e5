package io.hpcorchestrator.deploy;

import static io.hpcorchestrator.deploy.Repo.list;
import static io.hpcorchestrator.deploy.Repo.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docker-compose.yml as docker compose would read it with an empty .env (every variable at its default). */
class ComposeFileTest {

    private static final Map<String, Object> COMPOSE = Repo.yaml("docker-compose.yml");
    private static final Map<String, Object> SERVICES = map(COMPOSE.get("services"));
    /** Names of environment keys that may hold a secret; they may only be passed through, never given a value. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|PASSWORD|SECRET|JWT|PRIVATE).*");

    private static Map<String, Object> service(String name) {
        assertThat(SERVICES).as("services of docker-compose.yml").containsKey(name);
        return map(SERVICES.get(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void javaServiceIsBuiltFromItsModuleAndPublishesItsPortOnLoopback(String name) {
        Map<String, Object> service = service(name);
        int port = Repo.SERVICES.get(name);

        assertThat(map(service.get("build")).get("context")).isEqualTo(name);
        assertThat(Repo.path(name).resolve("Dockerfile")).isRegularFile();
        assertThat(list(service.get("ports"))).containsExactly(
                "${HPC_PUBLISH_ADDRESS:-127.0.0.1}:${HPC_" + name.replace("-service", "").toUpperCase() + "_PORT:-" + port + "}:" + port);
        assertThat(Repo.withDefaults((String) list(service.get("ports")).get(0))).isEqualTo("127.0.0.1:" + port + ":" + port);
        assertThat(service.get("restart")).isEqualTo("unless-stopped");
        assertThat(service.get("user")).as("runs as an unprivileged uid").isEqualTo("${HPC_UID:-10001}:${HPC_GID:-10001}");
        assertThat(service.get("mem_limit")).as("a memory limit the JVM options fit in").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void javaServiceHasAHealthCheckOnItsOwnPort(String name) {
        Map<String, Object> health = map(service(name).get("healthcheck"));
        List<Object> test = list(health.get("test"));

        assertThat(test).hasSize(4).startsWith("CMD", "bash", "-c");
        assertThat((String) test.get(3))
                .contains("/dev/tcp/127.0.0.1/" + Repo.SERVICES.get(name))
                .contains("GET /actuator/health")
                .contains("\"status\":\"UP\"");
        assertThat(health).containsKeys("interval", "timeout", "retries", "start_period");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void javaServiceListensBeyondItsLoopbackAndKeepsItsDatabaseInANamedVolume(String name) {
        Map<String, Object> environment = map(service(name).get("environment"));

        assertThat(environment).containsEntry("HPC_BIND_ADDRESS", "0.0.0.0").containsEntry("HPC_DATA_DIR", "/data");
        assertThat(list(service(name).get("volumes")))
                .contains(name.replace("-service", "") + "-data:/data");
    }

    @Test
    void everyServiceHasAHealthCheckAndARestartPolicy() {
        SERVICES.forEach((name, definition) -> {
            assertThat(map(definition).get("healthcheck")).as(name + " healthcheck").isNotNull();
            assertThat(list(map(map(definition).get("healthcheck")).get("test"))).as(name + " healthcheck test").isNotEmpty();
            assertThat(map(definition).get("restart")).as(name + " restart").isEqualTo("unless-stopped");
        });
    }

    @Test
    void namedVolumesAreDeclaredAndBindMountsAndEnvFilesExist() {
        Set<String> declared = map(COMPOSE.get("volumes")).keySet();
        List<String> problems = new ArrayList<>();
        SERVICES.forEach((name, definition) -> {
            for (Object volume : list(map(definition).get("volumes"))) {
                String source = Repo.withDefaults((String) volume).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path path = source.startsWith("/") ? Path.of(source) : Repo.root().resolve(source).normalize();
                    if (!Files.exists(path)) {
                        problems.add(name + ": bind mount source " + source + " does not exist");
                    }
                } else if (!declared.contains(source)) {
                    problems.add(name + ": volume " + source + " is not declared under volumes:");
                }
            }
            for (Object envFile : list(map(definition).get("env_file"))) {
                String path = Repo.withDefaults((String) map(envFile).get("path"));
                if (Boolean.TRUE.equals(map(envFile).getOrDefault("required", true)) && !Files.isRegularFile(Repo.path(path))) {
                    problems.add(name + ": env_file " + path + " does not exist");
                }
            }
            Object build = map(definition).get("build");
            if (build != null) {
                String context = (String) map(build).get("context");
                if (!Files.isRegularFile(Repo.path(context).resolve("Dockerfile"))) {
                    problems.add(name + ": no Dockerfile in build context " + context);
                }
                // Extra contexts hold build output (a module's target/): their module must exist.
                map(map(build).get("additional_contexts")).values().forEach(extra -> {
                    if (!Files.isDirectory(Repo.path(extra.toString()).getParent())) {
                        problems.add(name + ": build context " + extra + " belongs to no module");
                    }
                });
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void noSecretValueIsWrittenInTheFile() {
        String text = Repo.read("docker-compose.yml");
        assertThat(text).doesNotContain("PRIVATE KEY").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        List<String> problems = new ArrayList<>();
        SERVICES.forEach((name, definition) -> map(map(definition).get("environment")).forEach((key, value) -> {
            if (!SECRET_NAME.matcher(key).matches() || key.endsWith("_PRIVATEKEY") || key.endsWith("_TOKENFILE") || key.endsWith("_TOKEN_FILE") || key.equals("HPC_TOKENS_FILE")
                    || key.endsWith("_TOKENCOMMAND") || key.equals("HPC_SECRETS_DIR")) {
                return;
            }
            // Allowed: no value (passed through from .env) or an interpolation without a literal default.
            if (value != null && !Repo.withDefaults(value.toString()).isEmpty()) {
                problems.add(name + ": " + key + " has a value in the file");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void theClusterSettingsReachEveryJavaServiceAndTheirNamesBindToClusterProperties() {
        Set<String> expected = new LinkedHashSet<>(EnvExampleTest.clusterVariables());
        for (String name : Repo.SERVICES.keySet()) {
            assertThat(map(service(name).get("environment")).keySet()).as(name).containsAll(expected);
        }
    }

    @Test
    void everyVariableTheFileUsesIsDocumentedInEnvExample() {
        Set<String> used = new LinkedHashSet<>(Repo.interpolatedNames(Repo.read("docker-compose.yml")));
        SERVICES.values().forEach(definition -> map(map(definition).get("environment")).forEach((key, value) -> {
            if (value == null) {
                used.add(key);
            }
        }));
        Set<String> documented = Repo.envFile(".env.example", true).keySet();

        assertThat(documented).as("variables documented in .env.example").containsAll(used);
    }

    @Test
    void prometheusAndGrafanaAreProvisionedFromDeploy() {
        Map<String, Object> prometheus = service("prometheus");
        assertThat(list(prometheus.get("volumes"))).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(list(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");

        Map<String, Object> grafana = service("grafana");
        assertThat(list(grafana.get("volumes"))).contains(
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/dashboards:/etc/grafana/dashboards:ro");
        assertThat(map(grafana.get("depends_on"))).containsKey("prometheus");
    }

    @Test
    void localSlurmIsAnOptionalProfileTheJavaServicesWaitFor() {
        Map<String, Object> slurm = service("slurm");
        assertThat(list(slurm.get("profiles"))).containsExactly("local-slurm");
        assertThat(map(slurm.get("build")).get("context")).isEqualTo("deploy/local-slurm");
        assertThat(map(map(slurm.get("build")).get("additional_contexts")))
                .containsEntry("simulator", "inference-simulator/target").containsEntry("client", "client-service/target");
        assertThat(slurm.get("hostname")).isEqualTo("slurm");
        assertThat(list(slurm.get("volumes"))).contains("local-slurm-client:/run/hpc/local-slurm");

        for (String name : Repo.SERVICES.keySet()) {
            Map<String, Object> dependency = map(map(service(name).get("depends_on")).get("slurm"));
            assertThat(dependency).as(name).containsEntry("condition", "service_healthy").containsEntry("required", false);
            assertThat(list(service(name).get("volumes"))).as(name).contains("local-slurm-client:/run/hpc/local-slurm:ro");
        }
        assertThat(list(service("postgres").get("profiles"))).containsExactly("postgres");
    }
}
