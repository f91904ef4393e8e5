package io.hpcorchestrator.recipe;

import static io.hpcorchestrator.recipe.RecipeTestSupport.SOURCE;
import static io.hpcorchestrator.recipe.RecipeTestSupport.fields;
import static io.hpcorchestrator.recipe.RecipeTestSupport.json;
import static io.hpcorchestrator.recipe.RecipeTestSupport.recipeText;
import static io.hpcorchestrator.recipe.RecipeTestSupport.resource;
import static io.hpcorchestrator.recipe.RecipeTestSupport.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RecipeLoaderTest {

    private final RecipeLoader loader = new RecipeLoader();

    private RecipeValidationException rejected(String yaml) {
        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> loader.load(SOURCE, yaml));
        assertThat(e).as("recipe should be rejected:%n%s", yaml).isNotNull();
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.getMessage()).startsWith(SOURCE + ": ");
        return e;
    }

    private RecipeValidationException rejectedOverride(String yaml, JsonNode overrides) {
        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class,
                () -> loader.load(SOURCE, yaml, overrides));
        assertThat(e).as("override should be rejected: %s", overrides).isNotNull();
        assertThat(e.source()).isEqualTo("config");
        assertThat(e.getMessage()).startsWith("config: ");
        assertThat(fields(e)).allMatch(field -> field.startsWith("config"));
        return e;
    }

    @Nested
    class Binding {

        @Test
        void bindsEveryFieldOfTheDesignExample() {
            Recipe recipe = loader.load(SOURCE, resource("full.yaml"));

            assertThat(recipe.name()).isEqualTo("vllm");
            assertThat(recipe.description()).isEqualTo("vLLM inference service (OpenAI-compatible)");
            assertThat(recipe.container().runtime()).isEqualTo(ContainerRuntime.APPTAINER);
            assertThat(recipe.container().definition()).isEqualTo("vllm.def");
            assertThat(recipe.container().image()).isEqualTo("vllm.sif");
            assertThat(recipe.container().command())
                    .containsExactly("/bin/sh", "-c", "exec vllm serve \"$VLLM_MODEL\" --port \"$HPC_SERVICE_PORT\"");
            assertThat(recipe.resources()).isEqualTo(new Resources(1, 1, 8, "32G", null, 1, "a100", "cores", "60"));
            assertThat(recipe.environment()).containsExactly(
                    Map.entry("VLLM_MODEL", "Qwen/Qwen2.5-0.5B-Instruct"),
                    Map.entry("VLLM_MAX_MODEL_LEN", "2048"),
                    Map.entry("VLLM_GPU_MEMORY_UTILIZATION", "0.9"));
            assertThat(recipe.secrets()).containsExactly("HF_TOKEN");
            assertThat(recipe.ports()).isEqualTo(Ports.of(8000));
            assertThat(recipe.health()).isEqualTo(new Health("/health", 30, 5));
            assertThat(recipe.volumes()).containsExactly(new Volume("/project/data", "/data", true));
            assertThat(recipe.slurm()).isEqualTo(new SlurmOptions("gpu", "default", "p200981", null, List.of("--mail-type=END")));
            assertThat(recipe.modules()).containsExactly("Apptainer/1.2.4-GCCcore-12.3.0");
        }

        @Test
        void fillsDefaultsForEverythingButTheName() {
            Recipe recipe = loader.load(SOURCE, "name: minimal\n");

            assertThat(recipe.description()).isEmpty();
            assertThat(recipe.container()).isEqualTo(new Container(null, null, null, List.of()));
            assertThat(recipe.resources()).isEqualTo(new Resources(1, 1, 1, null, null, 0, null, null, null));
            assertThat(recipe.environment()).isEmpty();
            assertThat(recipe.secrets()).isEmpty();
            assertThat(recipe.ports()).isEqualTo(Ports.NONE);
            assertThat(recipe.health()).isNull();
            assertThat(recipe.volumes()).isEmpty();
            assertThat(recipe.slurm()).isEqualTo(new SlurmOptions(null, null, null, null, List.of()));
            assertThat(recipe.modules()).isEmpty();
        }

        @Test
        void acceptsAutoPortsAndASinglePortNumber() {
            assertThat(loader.load(SOURCE, recipeText(r -> r.put("ports", "auto"))).ports()).isEqualTo(Ports.AUTO);
            assertThat(loader.load(SOURCE, recipeText(r -> r.put("ports", 9000))).ports()).isEqualTo(Ports.of(9000));
        }

        @Test
        void keepsAVolumeTargetEqualToItsSourceWhenOmitted() {
            Recipe recipe = loader.load(SOURCE, recipeText(r -> r.put("volumes", List.of(Map.of("source", "/scratch/x")))));

            assertThat(recipe.volumes()).containsExactly(new Volume("/scratch/x", "/scratch/x", false));
        }

        @Test
        void keepsEnvironmentValuesByteForByte() {
            String value = "two  spaces, 'quotes' \"double\" $(id) `id` \\ ; & | \n newline \t tab ünïcødé 🚀";
            Recipe recipe = loader.load(SOURCE, recipeText(r -> section(r, "environment").put("TRICKY", value)));

            assertThat(recipe.environment()).containsEntry("TRICKY", value);
        }

        @Test
        void keepsUnquotedEnvironmentValuesAsWritten() {
            Recipe recipe = loader.load(SOURCE, "name: svc\nenvironment: {VERSION: 1.10, N: 1e3, Z: -0, R: 0.1000}\n");

            assertThat(recipe.environment()).containsExactly(
                    Map.entry("VERSION", "1.10"), Map.entry("N", "1e3"), Map.entry("Z", "-0"), Map.entry("R", "0.1000"));
        }

        @Test
        void readsEveryRuntimeByItsLowercaseName() {
            for (ContainerRuntime runtime : ContainerRuntime.values()) {
                Recipe recipe = loader.load(SOURCE, recipeText(r -> section(r, "container").put("runtime", runtime.id())));
                assertThat(recipe.container().runtime()).isEqualTo(runtime);
            }
        }

        @Test
        void rejectsAnUnknownRuntimeNamingTheChoices() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "container").put("runtime", "docker")));

            assertThat(fields(e)).containsExactly("container.runtime");
            assertThat(e.getMessage()).contains("docker").contains("apptainer, singularity, charliecloud, none");
        }
    }

    @Nested
    class Overrides {

        private final String vllm = resource("full.yaml");

        @Test
        void mergesTheSeedsDeployRequest() {
            JsonNode config = json("""
                    {"environment": {"VLLM_MODEL": "gpt2"}, "resources": {"gpu": "1", "memory": "32G"}}""");

            Recipe recipe = loader.load(SOURCE, vllm, config);

            assertThat(recipe.environment())
                    .containsEntry("VLLM_MODEL", "gpt2")
                    .containsEntry("VLLM_MAX_MODEL_LEN", "2048")
                    .containsEntry("VLLM_GPU_MEMORY_UTILIZATION", "0.9");
            assertThat(recipe.resources().gpu()).isEqualTo(1);
            assertThat(recipe.resources().memory()).isEqualTo("32G");
            assertThat(recipe.resources().cpu()).as("untouched defaults stay").isEqualTo(8);
            assertThat(recipe.resources().gpuType()).isEqualTo("a100");
        }

        @Test
        void nullOrEmptyOverridesLeaveTheRecipeAsItIs() {
            Recipe plain = loader.load(SOURCE, vllm);

            assertThat(loader.load(SOURCE, vllm, null)).isEqualTo(plain);
            assertThat(loader.load(SOURCE, vllm, json("{}"))).isEqualTo(plain);
            assertThat(loader.load(SOURCE, vllm, json("null"))).isEqualTo(plain);
        }

        @Test
        void nullRemovesAKeySoMemoryCanBeSwappedForMemoryPerCpu() {
            Recipe recipe = loader.load(SOURCE, vllm, json("""
                    {"resources": {"memory": null, "memory_per_cpu": "4G"}}"""));

            assertThat(recipe.resources().memory()).isNull();
            assertThat(recipe.resources().memoryPerCpu()).isEqualTo("4G");
        }

        @Test
        void nullRemovesAnEnvironmentVariable() {
            Recipe recipe = loader.load(SOURCE, vllm, json("""
                    {"environment": {"VLLM_MAX_MODEL_LEN": null}}"""));

            assertThat(recipe.environment()).doesNotContainKey("VLLM_MAX_MODEL_LEN").containsKey("VLLM_MODEL");
        }

        @Test
        void listsAreReplacedNotAppended() {
            Recipe recipe = loader.load(SOURCE, vllm, json("""
                    {"slurm": {"extra_directives": ["--mail-type=FAIL"]},
                     "container": {"command": ["/bin/echo", "hi"]}}"""));

            assertThat(recipe.slurm().extraDirectives()).containsExactly("--mail-type=FAIL");
            assertThat(recipe.container().command()).containsExactly("/bin/echo", "hi");
            assertThat(recipe.container().image()).as("sibling keys stay").isEqualTo("vllm.sif");
        }

        @Test
        void slurmPlacementCanBeOverridden() {
            Recipe recipe = loader.load(SOURCE, vllm, json("""
                    {"slurm": {"partition": "cpu", "account": "p200982", "qos": null}}"""));

            assertThat(recipe.slurm()).isEqualTo(new SlurmOptions("cpu", null, "p200982", null, List.of("--mail-type=END")));
        }

        @Test
        void theRuntimeCanBeOverridden() {
            Recipe recipe = loader.load(SOURCE, vllm, json("""
                    {"container": {"runtime": "singularity"}}"""));

            assertThat(recipe.container().runtime()).isEqualTo(ContainerRuntime.SINGULARITY);
        }

        @ParameterizedTest(name = "config.{0}")
        @ValueSource(strings = {"ports", "command", "foo", "name", "secrets", "health", "volumes", "modules"})
        void rejectsKeysADeploymentMayNotChange(String key) {
            ObjectNode config = RecipeTestSupport.JSON.createObjectNode();
            config.put(key, "x");

            RecipeValidationException e = rejectedOverride(vllm, config);

            assertThat(fields(e)).containsExactly("config." + key);
            assertThat(e.errors().get(0).message()).contains("cannot be overridden").contains("environment, resources, slurm");
        }

        @Test
        void rejectsOverridesThatAreNotAnObject() {
            RecipeValidationException e = rejectedOverride(vllm, json("[1, 2]"));
            assertThat(fields(e)).containsExactly("config");

            e = rejectedOverride(vllm, json("{\"environment\": [\"A=1\"]}"));
            assertThat(fields(e)).containsExactly("config.environment");
        }

        @Test
        void namesUnknownFieldsInsideOverrides() {
            RecipeValidationException e = rejectedOverride(vllm, json("{\"resources\": {\"gpus\": 2}}"));

            assertThat(fields(e)).containsExactly("config.resources.gpus");
        }

        @Test
        void namesWrongTypesInsideOverrides() {
            RecipeValidationException e = rejectedOverride(vllm, json("{\"resources\": {\"cpu\": \"eight\"}}"));

            assertThat(fields(e)).containsExactly("config.resources.cpu");
            assertThat(e.errors().get(0).message()).contains("whole number");
        }

        @Test
        void blamesTheOverrideForAConflictItCreates() {
            RecipeValidationException e = rejectedOverride(vllm, json("{\"resources\": {\"memory_per_cpu\": \"4G\"}}"));

            assertThat(fields(e)).containsExactly("config.resources.memory_per_cpu");
            assertThat(e.errors().get(0).message()).contains("resources.memory");
        }

        @Test
        void blamesTheOverrideForAnInvalidValue() {
            RecipeValidationException e = rejectedOverride(vllm, json("{\"slurm\": {\"partition\": \"gpu;id\"}}"));

            assertThat(fields(e)).containsExactly("config.slurm.partition");
        }

        @Test
        void blamesTheRecipeFileWhenTheRecipeItselfIsBroken() {
            String broken = recipeText(r -> section(r, "resources").put("memory_per_cpu", "4G"));

            RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class,
                    () -> loader.load(SOURCE, broken, json("{\"environment\": {\"A\": \"2\"}}")));

            assertThat(e.source()).isEqualTo(SOURCE);
            assertThat(fields(e)).containsExactly("resources.memory_per_cpu");
        }
    }

    @Nested
    class UnknownFields {

        static Stream<Arguments> misspelled() {
            return Stream.of(
                    Arguments.of("resources:\n  gpus: 1\n", "resources.gpus"),
                    Arguments.of("container:\n  imag: x.sif\n", "container.imag"),
                    Arguments.of("health:\n  pat: /health\n", "health.pat"),
                    Arguments.of("slurm:\n  partion: gpu\n", "slurm.partion"),
                    Arguments.of("volumes:\n  - {source: /a, readonly: true}\n", "volumes[0].readonly"),
                    Arguments.of("port: 8000\n", "port"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("misspelled")
        void nameTheFieldWithItsPath(String fragment, String field) {
            RecipeValidationException e = rejected("name: svc\n" + fragment);

            assertThat(fields(e)).containsExactly(field);
            assertThat(e.errors().get(0).message()).startsWith("unknown field");
            assertThat(e.getMessage()).contains(field);
        }

        @Test
        void listTheKnownFieldsToHelpFixTheTypo() {
            RecipeValidationException e = rejected("name: svc\nresources:\n  gpus: 1\n");

            assertThat(e.errors().get(0).message()).contains("gpu").contains("memory_per_cpu").contains("time_limit");
        }
    }

    @Nested
    class WrongTypes {

        static Stream<Arguments> wrongTypes() {
            return Stream.of(
                    Arguments.of("resources:\n  cpu: eight\n", "resources.cpu"),
                    Arguments.of("resources:\n  nodes: 1.5\n", "resources.nodes"),
                    Arguments.of("resources:\n  gpu: [1]\n", "resources.gpu"),
                    Arguments.of("environment: [a, b]\n", "environment"),
                    Arguments.of("environment:\n  A: {nested: map}\n", "environment.A"),
                    Arguments.of("ports: [http]\n", "ports"),
                    Arguments.of("ports: http\n", "ports"),
                    Arguments.of("secrets: HF_TOKEN\n", "secrets"),
                    Arguments.of("container: vllm.sif\n", "container"),
                    Arguments.of("health:\n  period_seconds: soon\n", "health.period_seconds"),
                    Arguments.of("volumes:\n  - {source: /a, read_only: maybe}\n", "volumes[0].read_only"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("wrongTypes")
        void nameTheField(String fragment, String field) {
            RecipeValidationException e = rejected("name: svc\n" + fragment);

            assertThat(fields(e)).hasSize(1);
            assertThat(fields(e).get(0)).isEqualTo(field);
            assertThat(e.errors().get(0).message()).doesNotContain("java.");
        }

        @Test
        void aNumberTooLargeForItsFieldNamesTheField() {
            RecipeValidationException e = rejected("name: svc\nresources:\n  cpu: 99999999999\n");

            assertThat(fields(e)).containsExactly("resources.cpu");
        }

        @Test
        void anEmptyStringIsNotANumber() {
            RecipeValidationException e = rejected("name: svc\nresources:\n  cpu: \"\"\n");

            assertThat(fields(e)).containsExactly("resources.cpu");
        }

        @Test
        void acceptsNumbersWrittenAsStrings() {
            Recipe recipe = loader.load(SOURCE, "name: svc\nresources: {cpu: \"8\", gpu: \"1\", nodes: \"2\"}\n");

            assertThat(recipe.resources().cpu()).isEqualTo(8);
            assertThat(recipe.resources().gpu()).isEqualTo(1);
            assertThat(recipe.resources().nodes()).isEqualTo(2);
        }

        @Test
        void acceptsScalarEnvironmentValuesAsText() {
            Recipe recipe = loader.load(SOURCE, "name: svc\nenvironment: {N: 2048, F: 0.9, B: true}\n");

            assertThat(recipe.environment()).containsEntry("N", "2048").containsEntry("F", "0.9").containsEntry("B", "true");
        }
    }

    @Nested
    class ImpossibleValues {

        @Test
        void memoryAndMemoryPerCpuTogether() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("memory_per_cpu", "4G")));

            assertThat(fields(e)).containsExactly("resources.memory_per_cpu");
        }

        @Test
        void gpuTypeWithoutGpu() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("gpu_type", "a100")));

            assertThat(fields(e)).containsExactly("resources.gpu_type");
            assertThat(e.errors().get(0).message()).contains("resources.gpu");
        }

        @ParameterizedTest(name = "nodes: {0}")
        @ValueSource(ints = {0, -1, 10_001})
        void nodesOutOfRange(int nodes) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("nodes", nodes)));

            assertThat(fields(e)).containsExactly("resources.nodes");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("io.hpcorchestrator.recipe.RecipeLoaderTest#outOfRange")
        void numbersOutOfRange(String field, int value) {
            String[] path = field.split("\\.");
            RecipeValidationException e = rejected(recipeText(r -> section(r, path[0]).put(path[1], value)));

            assertThat(fields(e)).containsExactly(field);
        }

        @ParameterizedTest(name = "ports: [{0}]")
        @ValueSource(ints = {0, -1, 65_536})
        void portsOutOfRange(int port) {
            RecipeValidationException e = rejected(recipeText(r -> r.put("ports", List.of(port))));

            assertThat(fields(e)).containsExactly("ports[0]");
        }

        @Test
        void aPortListedTwice() {
            RecipeValidationException e = rejected(recipeText(r -> r.put("ports", List.of(8000, 8001, 8000))));

            assertThat(fields(e)).containsExactly("ports[2]");
        }

        @Test
        void aHealthProbeWithoutPorts() {
            RecipeValidationException e = rejected(recipeText(r -> r.remove("ports")));

            assertThat(fields(e)).containsExactly("health");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"health", "", "/with space", "/tab\t", "http://x/health"})
        void aHealthPathThatIsNotAnAbsoluteUrlPath(String path) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "health").put("path", path)));

            assertThat(fields(e)).containsExactly("health.path");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"32", "4GB", "0", "-1G", "1.5G", "32 G", "32g", "G"})
        void memoryWithoutASlurmSize(String memory) {
            if (memory.equals("32")) {
                assertThat(loader.load(SOURCE, recipeText(r -> section(r, "resources").put("memory", memory))).resources().memory())
                        .as("a bare number means megabytes to SLURM").isEqualTo("32");
                return;
            }
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("memory", memory)));

            assertThat(fields(e)).containsExactly("resources.memory");
        }

        @Test
        void anUnknownCpuBinding() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("cpu_bind", "cores;id")));

            assertThat(fields(e)).containsExactly("resources.cpu_bind");
        }

        @ParameterizedTest(name = "time_limit: {0}")
        @ValueSource(strings = {"1:99:00", "abc", "0", "-5", "1-25:00:00", "", "00:00:00", "366-00:00:00", "1:2:3:4", "60m"})
        void malformedTimeLimits(String limit) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("time_limit", limit)));

            assertThat(fields(e)).containsExactly("resources.time_limit");
        }

        @ParameterizedTest(name = "time_limit: {0}")
        @ValueSource(ints = {0, -5})
        void nonPositiveTimeLimitsWrittenAsNumbers(int limit) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "resources").put("time_limit", limit)));

            assertThat(fields(e)).containsExactly("resources.time_limit");
        }

        @Test
        void aDefinitionWithoutAnImageToBuildInto() {
            RecipeValidationException e = rejected("name: svc\ncontainer: {definition: svc.def}\n");

            assertThat(fields(e)).containsExactly("container.definition");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"../evil.def", "/etc/x.def", "sub/x.def", "x.txt", "x.def\n", ".def"})
        void aDefinitionThatIsNotAPlainFileNameNextToTheRecipe(String definition) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "container").put("definition", definition)));

            assertThat(fields(e)).containsExactly("container.definition");
        }

        @Test
        void aSecretAlsoSetInTheEnvironmentOrListedTwice() {
            RecipeValidationException e = rejected(recipeText(r -> r.put("secrets", List.of("A", "B", "B"))));

            assertThat(fields(e)).containsExactly("secrets[0]", "secrets[2]");
        }

        @Test
        void aMissingName() {
            RecipeValidationException e = rejected("description: nameless\n");

            assertThat(fields(e)).containsExactly("name");
        }

        @Test
        void reportsEveryErrorAtOnce() {
            RecipeValidationException e = rejected(recipeText(r -> {
                section(r, "resources").put("nodes", 0);
                section(r, "resources").put("gpu_type", "a100");
                section(r, "slurm").put("partition", "a b");
                section(r, "environment").put("1X", "v");
            }));

            assertThat(fields(e)).containsExactlyInAnyOrder(
                    "resources.nodes", "resources.gpu_type", "slurm.partition", "environment.1X");
        }
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("resources.cpu", 0),
                Arguments.of("resources.cpu", 4_097),
                Arguments.of("resources.ntasks_per_node", 0),
                Arguments.of("resources.gpu", -1),
                Arguments.of("resources.gpu", 65),
                Arguments.of("health.initial_delay_seconds", -1),
                Arguments.of("health.period_seconds", 0));
    }

    @Nested
    class Documents {

        @Test
        void duplicateKeysAreRejected() {
            RecipeValidationException e = rejected("name: svc\nresources:\n  cpu: 8\n  cpu: 16\n");

            assertThat(fields(e)).containsExactly("(document)");
            assertThat(e.getMessage()).contains("cpu");
        }

        @Test
        void duplicateTopLevelKeysAreRejected() {
            RecipeValidationException e = rejected("name: svc\nname: other\n");

            assertThat(fields(e)).containsExactly("(document)");
        }

        @Test
        void invalidSyntaxNamesTheDocumentAndALine() {
            RecipeValidationException e = rejected("name: svc\nresources:\n  cpu: [8\n  gpu: 1\n");

            assertThat(fields(e)).containsExactly("(document)");
            assertThat(e.errors().get(0).message()).contains("not valid YAML").containsPattern("line \\d+");
        }

        @Test
        void badIndentationNamesALine() {
            RecipeValidationException e = rejected("name: svc\n resources: x\n  cpu: 8\n");

            assertThat(e.errors().get(0).message()).containsPattern("line \\d+");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"", "# only a comment\n", "just text\n", "- a\n- b\n", "42\n"})
        void aDocumentThatIsNotAMapping(String yaml) {
            RecipeValidationException e = rejected(yaml);

            assertThat(fields(e)).containsExactly("(document)");
        }

        @Test
        void trailingDocumentsAreRejected() {
            RecipeValidationException e = rejected("name: svc\n---\nname: other\n");

            assertThat(fields(e)).containsExactly("(document)");
        }
    }

    @Nested
    class HostileValues {

        static Stream<String> badVariableNames() {
            return Stream.of("A-B", "1X", "X Y", "$(id)", "X\nY", "", "X=Y", "A;B", "ÄB");
        }

        @ParameterizedTest(name = "environment name [{0}]")
        @MethodSource("badVariableNames")
        void environmentVariableNames(String name) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "environment").put(name, "v")));

            assertThat(fields(e)).containsExactly("environment." + RecipeValidator.printable(name));
            assertThat(fields(e).get(0)).doesNotContain("\n");
        }

        @ParameterizedTest(name = "secret name [{0}]")
        @MethodSource("badVariableNames")
        void secretNames(String name) {
            RecipeValidationException e = rejected(recipeText(r -> r.put("secrets", List.of(name))));

            assertThat(fields(e)).containsExactly("secrets[0]");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"HPC_SERVICE_PORT", "SLURM_JOB_ID", "APPTAINERENV_LD_PRELOAD", "SINGULARITYENV_PATH"})
        void reservedVariableNames(String name) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "environment").put(name, "v")));
            assertThat(fields(e)).containsExactly("environment." + name);
            assertThat(e.errors().get(0).message()).contains("reserved");

            e = rejected(recipeText(r -> r.put("secrets", List.of(name))));
            assertThat(fields(e)).containsExactly("secrets[0]");
        }

        static Stream<Arguments> slurmNames() {
            List<String> values = List.of("gpu;rm -rf /", "a b", "$(id)", "a\n#SBATCH --x", "`id`", "'gpu'", "\"gpu\"",
                    "a".repeat(65), "", "-p", "gpu\r", "gpu\u0000");
            return Stream.of("partition", "account", "qos")
                    .flatMap(field -> values.stream().map(value -> Arguments.of(field, value)));
        }

        @ParameterizedTest(name = "slurm.{0} [{1}]")
        @MethodSource("slurmNames")
        void partitionAccountAndQos(String field, String value) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "slurm").put(field, value)));

            assertThat(fields(e)).containsExactly("slurm." + field);
            assertThat(e.getMessage()).doesNotContain("\n");
        }

        @Test
        void acceptsRealSlurmNames() {
            Recipe recipe = loader.load(SOURCE, recipeText(r -> {
                section(r, "slurm").put("partition", "gpu");
                section(r, "slurm").put("account", "p200981");
                section(r, "slurm").put("qos", "short.1-x_y");
                section(r, "slurm").put("constraint", "a100&(ib|eth)");
                section(r, "slurm").put("extra_directives", List.of("--mail-type=END,FAIL", "--exclusive", "--signal=B:USR1@60"));
            }));

            assertThat(recipe.slurm().qos()).isEqualTo("short.1-x_y");
            assertThat(recipe.slurm().extraDirectives()).hasSize(3);
        }

        @ParameterizedTest(name = "gpu_type [{0}]")
        @ValueSource(strings = {"a100:2", "a100,gpu:2", "a100 2", "$(id)", "a100\n", ""})
        void gpuTypes(String gpuType) {
            RecipeValidationException e = rejected(recipeText(r -> {
                section(r, "resources").put("gpu", 1);
                section(r, "resources").put("gpu_type", gpuType);
            }));

            assertThat(fields(e)).containsExactly("resources.gpu_type");
        }

        @ParameterizedTest(name = "constraint [{0}]")
        @ValueSource(strings = {"a100 b", "'a100'", "\"a100\"", "a100\nb", "a100;id", "$(id)", ""})
        void constraints(String constraint) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "slurm").put("constraint", constraint)));

            assertThat(fields(e)).containsExactly("slurm.constraint");
        }

        @ParameterizedTest(name = "module [{0}]")
        @ValueSource(strings = {"Apptainer 1.2.4", "a;b", "a\nb", "$(id)", "-a", ""})
        void moduleNames(String module) {
            RecipeValidationException e = rejected(recipeText(r -> r.put("modules", List.of("CUDA/12.2.0", module))));

            assertThat(fields(e)).containsExactly("modules[1]");
        }

        @ParameterizedTest(name = "directive [{0}]")
        @ValueSource(strings = {"--wrap=id", "--output=/x", "-A x", "--mail-type=END;id", "--uid=0", "--account=x",
                "--partition=gpu", "--export=ALL", "--chdir=/", "--mail-type=END\n#SBATCH --uid=0", "--mail-type END",
                "mail-type=END", "--comment=$(id)", "--comment=mine", ""})
        void extraDirectives(String directive) {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "slurm").put("extra_directives", List.of(directive))));

            assertThat(fields(e)).containsExactly("slurm.extra_directives[0]");
        }

        @ParameterizedTest(name = "name [{0}]")
        @ValueSource(strings = {"a/b", "..", "../x", "a b", ".hidden", "-x", "a\nb", "a;b", "$(id)", ""})
        void recipeNames(String name) {
            RecipeValidationException e = rejected(recipeText(r -> r.put("name", name)));

            assertThat(fields(e)).containsExactly("name");
        }

        static Stream<Arguments> badVolumes() {
            return Stream.of(
                    Arguments.of(Map.of("source", "data"), "volumes[0].source"),
                    Arguments.of(Map.of("source", "/a:b"), "volumes[0].source"),
                    Arguments.of(Map.of("source", "/a,b"), "volumes[0].source"),
                    Arguments.of(Map.of("source", "/a\tb"), "volumes[0].source"),
                    Arguments.of(Map.of("source", "/a\nb"), "volumes[0].source"),
                    Arguments.of(Map.of("source", ""), "volumes[0].source"),
                    Arguments.of(Map.of("source", "/a", "target", "b"), "volumes[0].target"),
                    Arguments.of(Map.of("source", "/a", "target", "/b:ro"), "volumes[0].target"),
                    Arguments.of(Map.of("source", "/a", "target", "/b,/c"), "volumes[0].target"),
                    Arguments.of(Map.of("source", "/a", "target", "/b\u001b"), "volumes[0].target"),
                    Arguments.of(Map.of("target", "/b"), "volumes[0].source"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badVolumes")
        void volumePaths(Map<String, Object> volume, String field) {
            RecipeValidationException e = rejected(recipeText(r -> r.put("volumes", List.of(volume))));

            // A target left out is the source, so a bad source may be reported for both.
            assertThat(fields(e)).first().isEqualTo(field);
            assertThat(fields(e)).isSubsetOf("volumes[0].source", "volumes[0].target");
        }

        @Test
        void aVolumePathWithADeleteCharacterWrittenAsAnEscape() {
            RecipeValidationException e = rejected("name: svc\nvolumes: [{source: /a, target: \"/b\\x7f\"}]\n");

            assertThat(fields(e)).containsExactly("volumes[0].target");
        }

        @Test
        void nulInAnEnvironmentValueWrittenInTheRecipe() {
            RecipeValidationException e = rejected("name: svc\nenvironment:\n  X: \"a\\0b\"\n");

            assertThat(fields(e)).containsExactly("environment.X");
            assertThat(e.errors().get(0).message()).contains("NUL");
        }

        @Test
        void nulInAnEnvironmentValueFromAnOverride() {
            ObjectNode config = RecipeTestSupport.JSON.createObjectNode();
            config.putObject("environment").put("X", "a\u0000b");

            RecipeValidationException e = rejectedOverride(recipeText(r -> { }), config);

            assertThat(fields(e)).containsExactly("config.environment.X");
        }

        @Test
        void nulInACommandArgument() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "container").put("command", List.of("/bin/sh", "a\u0000b"))));

            assertThat(fields(e)).containsExactly("container.command[1]");
        }

        @Test
        void anUnpairedSurrogateInAnEnvironmentValue() {
            ObjectNode config = RecipeTestSupport.JSON.createObjectNode();
            config.putObject("environment").put("X", "a\uD800b");

            RecipeValidationException e = rejectedOverride(recipeText(r -> { }), config);

            assertThat(fields(e)).containsExactly("config.environment.X");
            assertThat(e.errors().get(0).message()).contains("Unicode");
        }

        @Test
        void aLoneLowSurrogateAtTheEndOfAValue() {
            ObjectNode config = RecipeTestSupport.JSON.createObjectNode();
            config.putObject("environment").put("X", "ok\uDC00");

            RecipeValidationException e = rejectedOverride(recipeText(r -> { }), config);

            assertThat(fields(e)).containsExactly("config.environment.X");
        }

        @Test
        void anEnvironmentValueBeyondTheSizeLimit() {
            String huge = "x".repeat(RecipeValidator.MAX_VALUE_LENGTH + 1);
            RecipeValidationException e = rejected(recipeText(r -> section(r, "environment").put("X", huge)));

            assertThat(fields(e)).containsExactly("environment.X");
            assertThat(e.getMessage().length()).as("the value is not echoed back").isLessThan(1_000);
        }

        @Test
        void echoesHostileInputWithoutControlCharacters() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "slurm").put("partition", "a\n#SBATCH --uid=0\u001b[2J")));

            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b").contains("\\x0a");
        }

        @Test
        void imagePathsWithControlCharacters() {
            RecipeValidationException e = rejected(recipeText(r -> section(r, "container").put("image", "x.sif\n--bind /:/host")));

            assertThat(fields(e)).containsExactly("container.image");
        }
    }
}
