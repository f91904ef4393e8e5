package io.hpcorchestrator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.testing.DevCluster;
import io.hpcorchestrator.testing.SlurmCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped http-echo recipe, rendered for bare metal and for Charliecloud, submitted with {@code sbatch}
 * to the real local cluster: the job must report its port, serve its health path and the environment value
 * unchanged, write its output file, and end CANCELLED when cancelled.
 */
class RenderedScriptsOnSlurmIT {

    private static final String TEXT = "it's \"$(not)\" `expanded` ${HOME} \\ ünïcode";

    private final DevCluster cluster = DevCluster.load();
    private final RecipeCatalog catalog = new RecipeCatalog(Scripts.SHIPPED_RECIPES);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest(name = "{0}, cpu_bind {1}")
    @CsvSource({"NONE, ''", "CHARLIECLOUD, ''", "NONE, none", "CHARLIECLOUD, none"})
    void renderedRecipeRunsOnSlurmServesItsHealthPathAndEndsWhenCancelled(ContainerRuntime runtime, String cpuBind) throws Exception {
        ClusterDefaults defaults = new ClusterDefaults(runtime, cluster.partition(), null, null,
                cluster.workDir().toString(), cluster.workDir().toString(), cluster.imagesDir().toString(), List.of());
        String overrides = """
                {"environment": {"ECHO_TEXT": %s}, "resources": {"cpu_bind": %s}}
                """.formatted(JsonMapper.shared().writeValueAsString(TEXT), cpuBind.isEmpty() ? "null" : "\"" + cpuBind + "\"");
        LoadedRecipe loaded = catalog.load("examples/http-echo", JsonMapper.shared().readTree(overrides));
        BatchScript script = new BatchScriptRenderer(defaults).render(loaded, "it-echo-" + runtime.id());
        if (!cpuBind.isEmpty()) {
            assertThat(script.text()).contains("exec srun");
        }

        long jobId = SlurmCommands.submit(script.text());
        try {
            Path report = Path.of(script.reportFile(jobId));
            AtomicInteger port = new AtomicInteger();
            await("port in " + report).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(report).exists();
                String line = Files.readAllLines(report).stream().filter(l -> l.startsWith("port=")).findFirst().orElseThrow();
                port.set(Integer.parseInt(line.substring("port=".length())));
            });
            await("comment").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(SlurmCommands.comment(jobId))
                    .hasValue("hpc:phase=STARTING,node=" + SlurmCommands.node(jobId) + ",port=" + port.get()));

            await("health").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(get(port.get(), "/health")).isEqualTo("ok\n"));
            assertThat(get(port.get(), "/")).isEqualTo(TEXT + "\n");
            assertThat(SlurmCommands.state(jobId)).hasValue("RUNNING");
            assertThat(Path.of(script.stdoutFile(jobId))).content().contains("http-echo: serving");

            SlurmCommands.cancel(jobId);
            await("cancelled").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(SlurmCommands.state(jobId)).hasValue("CANCELLED"));
        } finally {
            SlurmCommands.cancel(jobId);
        }
    }

    private String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theGpuMetricsSidecarTurnsNvidiaSmiReadingsIntoPrometheusText() throws Exception {
        // A stand-in nvidia-smi, on the PATH of this job only: the test cluster has no GPUs.
        Path bin = Files.createDirectories(cluster.workDir().resolve("fake-nvidia-" + java.util.UUID.randomUUID()));
        Path nvidiaSmi = bin.resolve("nvidia-smi");
        Files.writeString(nvidiaSmi, "#!/bin/sh\nprintf '0, GPU-aaaa-1111, 87, 40960, 81920, 64, 312.50\\n1, GPU-bbbb-2222, 3, 512, 81920, 35, 61.02\\n'\n");
        Files.setPosixFilePermissions(nvidiaSmi, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        RecipeCatalog features = new RecipeCatalog(Scripts.FEATURE_RECIPES);
        LoadedRecipe loaded = features.load("features/gpu-metrics", JsonMapper.shared().readTree("""
                {"container": {"runtime": "none", "command": ["sleep", "120"]}, "resources": {"gpu": 0},
                 "environment": {"PATH": "%s:/usr/bin:/bin"}}
                """.formatted(bin)));
        ClusterDefaults defaults = new ClusterDefaults(ContainerRuntime.NONE, cluster.partition(), null, null,
                cluster.workDir().toString(), null, null, List.of());
        BatchScript script = new BatchScriptRenderer(defaults).render(loaded, "it-gpu-metrics");
        long jobId = SlurmCommands.submit(script.text());
        try {
            Path metrics = cluster.workDir().resolve("hpc-job-" + jobId + ".gpu.prom");
            await("GPU metrics in " + metrics).atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(metrics).exists());
            assertThat(Files.readString(metrics)).contains(
                    "# TYPE hpc_gpu_utilization_ratio gauge\n",
                    "hpc_gpu_utilization_ratio{gpu=\"0\",uuid=\"GPU-aaaa-1111\"} 0.87",
                    "hpc_gpu_utilization_ratio{gpu=\"1\",uuid=\"GPU-bbbb-2222\"} 0.03",
                    "hpc_gpu_memory_used_bytes{gpu=\"0\",uuid=\"GPU-aaaa-1111\"} 42949672960\n",
                    "hpc_gpu_memory_total_bytes{gpu=\"1\",uuid=\"GPU-bbbb-2222\"} 85899345920\n",
                    "hpc_gpu_temperature_celsius{gpu=\"0\",uuid=\"GPU-aaaa-1111\"} 64\n",
                    "hpc_gpu_power_watts{gpu=\"1\",uuid=\"GPU-bbbb-2222\"} 61.02");
        } finally {
            SlurmCommands.cancel(jobId);
        }
    }
}
