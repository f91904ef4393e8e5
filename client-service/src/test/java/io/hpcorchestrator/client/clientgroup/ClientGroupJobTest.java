package io.hpcorchestrator.client.clientgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.hpcorchestrator.render.ClusterDefaults;
import io.hpcorchestrator.slurm.JobSubmission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client group's batch script: valid shell, and the plan reaches the job byte for byte, however hostile. */
class ClientGroupJobTest {

    private static final ClientProperties.Groups GROUPS = new ClientProperties.Groups("/opt/hpc/client service.jar", "java",
            List.of("-Xmx256m", "-XX:+UseSerialGC"), 1, "1G", Duration.ofSeconds(2), false);

    @TempDir
    Path dir;

    private static JobSubmission render(String plan, String node) {
        BatchScriptRenderer renderer = new BatchScriptRenderer(new ClusterDefaults(ContainerRuntime.APPTAINER, "debug", null, null,
                "/var/lib/hpc/work", null, null, List.of()));
        return ClientGroupJob.render(renderer, GROUPS, "/var/lib/hpc/work", "hpc-client-0123456789ab", plan,
                "/var/lib/hpc/work/hpc-client-0123456789ab.records.json", "00:06:00", node);
    }

    @Test
    void theScriptIsBareMetalWithItsLimitsAndPassesBashAndShellcheck() throws Exception {
        JobSubmission job = render("{\"base_url\": \"http://10.0.0.1:8000\"}", "mel2106");
        String script = job.script();
        assertThat(job.jobName()).isEqualTo("hpc-client-0123456789ab");
        assertThat(job.workDir()).isEqualTo("/var/lib/hpc/work");
        assertThat(script).contains("#SBATCH --job-name=hpc-client-0123456789ab", "#SBATCH --cpus-per-task=1", "#SBATCH --mem=1G",
                "#SBATCH --time=00:06:00", "#SBATCH --partition=debug", "#SBATCH --nodelist=mel2106",
                "export JAVA_TOOL_OPTIONS='-Xmx256m -XX:+UseSerialGC'", "--run-benchmark");
        Path file = dir.resolve("job.sh");
        Files.writeString(file, script);
        assertThat(run(List.of("bash", "-n", file.toString()))).isZero();
        assertThat(run(List.of("shellcheck", "-S", "warning", file.toString()))).isZero();
        assertThat(render("{}", null).script()).doesNotContain("--nodelist");
    }

    @Test
    void aHostilePlanArrivesByteForByte() throws Exception {
        String plan = "{\"prompts\": [\"it's $(rm -rf /) `id` \\\"quoted\\\" \\n ${HOME} ; exit 1 '\\''\", \"\\u00e9\\u4e2d\"]}";
        String script = render(plan, null).script();
        // Everything up to the launch: the exports, without SLURM's commands.
        String exports = script.lines().filter(line -> line.startsWith("export ") && line.contains("=")).reduce("", (a, b) -> a + b + "\n");
        Path file = dir.resolve("exports.sh");
        Files.writeString(file, "set -eu\n" + exports + "printf '%s' \"$BENCHMARK_PLAN\"\n");
        Process bash = new ProcessBuilder("bash", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String echoed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(echoed).as("exports:%n%s", exports).isEqualTo(plan);
    }

    private static int run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            System.err.println(output);
        }
        return process.exitValue();
    }
}
