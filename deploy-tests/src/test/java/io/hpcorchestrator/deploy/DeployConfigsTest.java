package io.hpcorchestrator.deploy;

import static io.hpcorchestrator.deploy.Repo.list;
import static io.hpcorchestrator.deploy.Repo.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/: Prometheus, Grafana, the local-slurm cluster and the JVM options. */
class DeployConfigsTest {

    static Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    record Run(int exitCode, String output) {
    }

    @Test
    void prometheusScrapesTheFourServicesAndDiscoversDeployedOnesThroughMonitoring() throws Exception {
        Map<String, Object> config = Repo.yaml("deploy/prometheus/prometheus.yml");
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        list(config.get("scrape_configs")).forEach(job -> jobs.put((String) map(job).get("job_name"), map(job)));

        Map<String, Object> suite = jobs.get("hpc-orchestrator");
        assertThat(suite.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(list(map(list(suite.get("static_configs")).get(0)).get("targets")))
                .containsExactlyInAnyOrder("server-service:8001", "client-service:8002", "monitoring-service:8003", "logs-service:8004");
        Map<String, Object> deployed = jobs.get("hpc-services");
        assertThat(map(list(deployed.get("http_sd_configs")).get(0)).get("url")).isEqualTo("http://monitoring-service:8003/api/v1/targets");
        // Every endpoint of the suite but health wants a token: scrapes and service discovery send the scrape token,
        // from the file docker-compose.yml mounts there.
        Map<String, Object> scrapeToken = Map.of("type", "Bearer", "credentials_file", "/etc/prometheus/scrape-token");
        assertThat(suite.get("authorization")).isEqualTo(scrapeToken);
        assertThat(deployed.get("authorization")).isEqualTo(scrapeToken);
        assertThat(map(list(deployed.get("http_sd_configs")).get(0)).get("authorization")).isEqualTo(scrapeToken);
        Map<String, Object> prometheus = map(map(Repo.yaml("docker-compose.yml").get("services")).get("prometheus"));
        assertThat(list(prometheus.get("volumes"))).anySatisfy(volume -> assertThat((String) volume).endsWith(":/etc/prometheus/scrape-token:ro"));

        assumeTrue(Repo.onPath("promtool"), "promtool is not installed; the configuration was only parsed");
        Run check = run(Map.of(), "promtool", "check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void grafanaHasThePrometheusDatasourceAndTheDashboardsFolder() {
        Map<String, Object> datasource = map(list(Repo.yaml("deploy/grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0));
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090").containsEntry("uid", "prometheus");

        Map<String, Object> provider = map(list(Repo.yaml("deploy/grafana/provisioning/dashboards/hpc-orchestrator.yml").get("providers")).get(0));
        assertThat(provider).containsEntry("type", "file");
        assertThat(map(provider.get("options"))).containsEntry("path", "/etc/grafana/dashboards");
    }

    @Test
    void localSlurmEnvFileAgreesWithWhatTheContainerHandsOut() throws Exception {
        Map<String, String> envFile = Repo.envFile("deploy/local-slurm/local-slurm.env", false);
        Run env = run(Map.of("LOCAL_SLURM_NODE_ADDR", "slurm"), "bash", "deploy/local-slurm/entrypoint.sh", "env");
        assertThat(env.exitCode()).as(env.output()).isZero();
        Map<String, String> handedOut = new LinkedHashMap<>();
        for (String line : env.output().split("\n")) {
            if (line.contains("=")) {
                handedOut.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(envFile).containsAllEntriesOf(handedOut);

        // Each of them must reach the containers: a key of their environment, or a variable compose interpolates.
        List<String> reaching = new ArrayList<>(Repo.interpolatedNames(Repo.read("docker-compose.yml")));
        reaching.addAll(map(map(map(Repo.yaml("docker-compose.yml").get("services")).get("server-service")).get("environment")).keySet());
        List<String> unused = envFile.keySet().stream().filter(name -> !reaching.contains(name)).toList();
        assertThat(unused).as("local-slurm.env variables docker-compose.yml ignores").isEmpty();
    }

    @Test
    void localSlurmImageHasTheClusterDaemonsTheSimulatorAndAHealthCheck() {
        List<String[]> dockerfile = Repo.dockerfile("deploy/local-slurm/Dockerfile");
        assertThat(Repo.instructions(dockerfile, "FROM")).containsExactly("debian:bookworm-slim");
        String run = String.join(" ", Repo.instructions(dockerfile, "RUN"));
        assertThat(run).contains("slurm-wlm", "slurm-wlm-jwt-plugin", "slurmrestd", "munge", "openssh-server", "openjdk-17-jre-headless",
                "busybox-static");
        assertThat(Repo.instructions(dockerfile, "COPY"))
                .contains("--from=simulator inference-simulator-*.jar /opt/hpc-orchestrator/inference-simulator.jar")
                .contains("--from=client client-service-*.jar /opt/hpc-orchestrator/client-service.jar")
                .contains("entrypoint.sh /usr/local/bin/local-slurm");
        assertThat(Repo.instructions(dockerfile, "HEALTHCHECK")).singleElement().asString().contains("local-slurm\", \"health\"");
        assertThat(Repo.read("recipes/inference/vllm-simulator.yaml")).contains("SIMULATOR_JAR: /opt/hpc-orchestrator/inference-simulator.jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-service", "client-service", "monitoring-service", "logs-service"})
    void jvmOptionsBoundEveryMemoryAreaAndFitTheContainerLimit(String service) throws Exception {
        List<String> options = Repo.jvmOptions(service);
        assertThat(options).contains("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError")
                .anyMatch(o -> o.startsWith("-Xmx"))
                .anyMatch(o -> o.startsWith("-XX:MaxMetaspaceSize="))
                .anyMatch(o -> o.startsWith("-XX:ReservedCodeCacheSize="))
                .anyMatch(o -> o.startsWith("-XX:MaxDirectMemorySize="));

        long heap = megabytes(options, "-Xmx");
        long metaspace = megabytes(options, "-XX:MaxMetaspaceSize=");
        long codeCache = megabytes(options, "-XX:ReservedCodeCacheSize=");
        String limit = Repo.withDefaults((String) map(map(Repo.yaml("docker-compose.yml").get("services")).get(service)).get("mem_limit"));
        assertThat(heap + metaspace + codeCache).as("heap + metaspace + code cache of " + service + " within mem_limit " + limit)
                .isLessThanOrEqualTo(size(limit));

        // The JVM itself accepts them.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Run version = run(Map.of(), java.toString(), "@deploy/jvm/" + service + ".options", "-version");
        assertThat(version.exitCode()).as(version.output()).isZero();
    }

    private static long megabytes(List<String> options, String prefix) {
        return size(options.stream().filter(o -> o.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()));
    }

    private static long size(String value) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG])").matcher(value);
        assertThat(m.matches()).as(value).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> n / 1024;
            case 'g' -> n * 1024;
            default -> n;
        };
    }
}
