package io.hpcorchestrator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.recipe.RecipeValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchScriptRendererTest {

    private final RecipeCatalog features = new RecipeCatalog(Scripts.FEATURE_RECIPES);
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path temp;
    private JobShell shell;

    @BeforeEach
    void createShell() {
        shell = new JobShell(temp);
    }

    private BatchScriptRenderer renderer(ContainerRuntime runtime) {
        return new BatchScriptRenderer(Scripts.meluxinaLike(runtime));
    }

    private BatchScriptRenderer runnable(ContainerRuntime runtime) {
        return new BatchScriptRenderer(new ClusterDefaults(runtime, null, null, null,
                shell.workDir.toString(), null, shell.imagesDir.toString(), List.of()));
    }

    private LoadedRecipe feature(String name, String overrides) {
        return features.load("features/" + name, overrides == null ? null : json.readTree(overrides));
    }

    private static List<String> directives(BatchScript script) {
        return script.text().lines().filter(line -> line.startsWith("#SBATCH")).toList();
    }

    @Test
    void writesEveryDirectiveFromResourcesAndPlacement() {
        BatchScript script = renderer(ContainerRuntime.APPTAINER).render(feature("everything", null), "everything-svc42");
        assertThat(directives(script)).containsExactly(
                "#SBATCH --job-name=everything-svc42",
                "#SBATCH --nodes=2",
                "#SBATCH --ntasks-per-node=2",
                "#SBATCH --cpus-per-task=4",
                "#SBATCH --mem-per-cpu=2G",
                "#SBATCH --gres=gpu:a100:2",
                "#SBATCH --time=1-12:00:00",
                "#SBATCH --partition=gpu",
                "#SBATCH --qos=urgent",
                "#SBATCH --account=p200981",
                "#SBATCH --constraint=a100&ib",
                "#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work",
                "#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out",
                "#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err",
                "#SBATCH --mail-type=END",
                "#SBATCH --exclusive");
        assertThat(script.stdoutFile(1234)).isEqualTo("/project/home/p200000/hpc-orchestrator/logs/everything-svc42-1234.out");
        assertThat(script.reportFile(1234)).isEqualTo("/project/home/p200000/hpc-orchestrator/work/hpc-job-1234.report");
    }

    @Test
    void clusterDefaultsFillWhatTheRecipeLeavesOpenAndTheRecipeWins() {
        BatchScript defaults = renderer(ContainerRuntime.NONE).render(feature("built", null));
        assertThat(directives(defaults)).contains("#SBATCH --partition=cpu", "#SBATCH --account=p200000", "#SBATCH --qos=default",
                "#SBATCH --nodes=1", "#SBATCH --cpus-per-task=1", "#SBATCH --time=02:00:00");
        assertThat(defaults.text()).doesNotContain("--mem", "--gres");

        BatchScript overridden = renderer(ContainerRuntime.NONE).render(
                feature("built", "{\"slurm\": {\"partition\": \"gpu\", \"account\": \"p1\"}, \"resources\": {\"gpu\": 1, \"time_limit\": 90}}"));
        assertThat(directives(overridden)).contains("#SBATCH --partition=gpu", "#SBATCH --account=p1", "#SBATCH --gres=gpu:1",
                "#SBATCH --time=01:30:00");
    }

    @Test
    void apptainerRunsTheRunscriptWithoutACommandAndExecsOtherwise() {
        assertThat(renderer(ContainerRuntime.APPTAINER).render(feature("runscript", null)).text())
                .contains("exec apptainer run --nv 'docker://ghcr.io/example/service:1.0'\n")
                .doesNotContain("HPC_IMAGE=");
        assertThat(renderer(ContainerRuntime.SINGULARITY).render(feature("built", null)).text())
                .contains("exec singularity exec \"$HPC_IMAGE\" '/opt/service/bin/serve'\n")
                .contains("export SINGULARITYENV_HPC_SERVICE_PORT=\"${HPC_SERVICE_PORT}\"");
    }

    @Test
    void gpusOnlyAddNvWhenRequested() {
        String withGpu = renderer(ContainerRuntime.APPTAINER).render(feature("built", "{\"resources\": {\"gpu\": 2}}")).text();
        String withoutGpu = renderer(ContainerRuntime.APPTAINER).render(feature("built", null)).text();
        assertThat(withGpu).contains("apptainer exec --nv ");
        assertThat(withoutGpu).doesNotContain("--nv");
    }

    @Test
    void severalTasksOrCpuBindingLaunchThroughSrunAndOneTaskDoesNot() {
        assertThat(renderer(ContainerRuntime.NONE).render(feature("everything", null)).text())
                .contains("exec srun --kill-on-bad-exit=1 --cpu-bind=cores '/bin/sh'");
        assertThat(renderer(ContainerRuntime.NONE).render(feature("built", "{\"resources\": {\"nodes\": 2}}")).text())
                .contains("exec srun --kill-on-bad-exit=1 '/opt/service/bin/serve'");
        assertThat(renderer(ContainerRuntime.NONE).render(feature("built", null)).text())
                .contains("exec '/opt/service/bin/serve'").doesNotContain("srun");
    }

    @Test
    void runtimesWithoutRunscriptNeedACommand() {
        assertThatThrownBy(() -> renderer(ContainerRuntime.NONE).render(feature("runscript", null)))
                .isInstanceOfSatisfying(RecipeValidationException.class, e -> {
                    assertThat(e.source()).isEqualTo("recipes/features/runscript.yaml");
                    assertThat(e.errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("container.command");
                        assertThat(error.message()).contains("none");
                    });
                });
    }

    @Test
    void charliecloudRefusesRegistryUris() {
        assertThatThrownBy(() -> renderer(ContainerRuntime.CHARLIECLOUD)
                .render(feature("runscript", "{\"container\": {\"command\": [\"/serve\"]}}")))
                .isInstanceOfSatisfying(RecipeValidationException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("container.image")));
    }

    @Test
    void jobNamesAreChecked() {
        assertThatThrownBy(() -> renderer(ContainerRuntime.NONE).render(feature("built", null), "x\n#SBATCH --uid=0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clusterModulesLoadFirstAndRecipeModulesAreNotRepeated() {
        ClusterDefaults defaults = new ClusterDefaults(ContainerRuntime.APPTAINER, null, null, null, "/w", null, null,
                List.of("Apptainer/1.2.4-GCCcore-12.3.0", "env/release/2023.1"));
        String text = new BatchScriptRenderer(defaults).render(feature("everything", null)).text();
        assertThat(text).contains("""
                set -eo pipefail
                module load 'Apptainer/1.2.4-GCCcore-12.3.0'
                module load 'env/release/2023.1'
                module load 'CUDA/12.2.0'
                set -u
                """);
    }

    @Test
    void secretValuesNeverAppearInTheScriptAndAMissingSecretStopsTheJob() {
        BatchScript script = runnable(ContainerRuntime.NONE).render(feature("everything",
                "{\"resources\": {\"nodes\": 1, \"ntasks_per_node\": 1, \"cpu_bind\": null}}"));
        assertThat(script.text()).contains("export API_TOKEN\n");
        JobShell.Run run = shell.run(script.text());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("secret API_TOKEN was not provided");
        assertThat(run.argv()).isEmpty();
    }

    @Test
    void anAutoPortIsPickedFreeAndReportedInTheReportFileAndTheJobComment() throws IOException {
        String script = runnable(ContainerRuntime.NONE).render(feature("everything",
                "{\"resources\": {\"nodes\": 1, \"ntasks_per_node\": 1, \"cpu_bind\": null}}")).text()
                .replace("'/bin/sh' '-c'", "'" + shell.dumpCommand() + "' '-c'")
                .replace("if [ -z \"${API_TOKEN:-}\" ]", "API_TOKEN=x\nif [ -z \"${API_TOKEN:-}\" ]");
        JobShell.Run run = shell.run(script);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        int port = Integer.parseInt(run.environment().get("HPC_SERVICE_PORT"));
        assertThat(port).isBetween(20000, 59999);
        assertThat(run.environment()).containsEntry("HPC_SERVICE_HOST", "node1");
        assertThat(run.report()).isEqualTo("phase=STARTING\nnode=node1\nport=" + port + "\n");
        assertThat(Files.readString(temp.resolve("out/scontrol")))
                .isEqualTo("update\nJobId=42\nComment=hpc:phase=STARTING,node=node1,port=" + port + "\n");
    }

    @Test
    void aMissingImageIsBuiltFromTheEmbeddedDefinitionAndReportedAsBuilding() throws IOException {
        BatchScript script = runnable(ContainerRuntime.APPTAINER).render(feature("built", null));
        assertThat(script.buildsImage()).isTrue();
        JobShell.Run run = shell.run(script.text());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path image = shell.imagesDir.resolve("built.sif");
        assertThat(image).hasContent(Files.readString(Scripts.FEATURE_RECIPES.resolve("features/built.def")));
        assertThat(run.report()).startsWith("phase=BUILDING\nphase=STARTING\n");
        assertThat(run.argv()).containsExactly("apptainer", "exec", image.toString(), "/opt/service/bin/serve");

        JobShell.Run again = shell.run(script.text());
        assertThat(again.report()).as("an existing image is not rebuilt").startsWith("phase=STARTING\n");
        assertThat(temp.resolve("out/builds")).doesNotExist();
    }

    @Test
    void aMissingImageThatCannotBeBuiltFailsTheJobWithItsPath() {
        JobShell.Run run = shell.run(runnable(ContainerRuntime.CHARLIECLOUD).render(feature("built", null)).text());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("image " + shell.imagesDir.resolve("built.sif") + " not found");
        assertThat(run.argv()).isEmpty();
    }
}
