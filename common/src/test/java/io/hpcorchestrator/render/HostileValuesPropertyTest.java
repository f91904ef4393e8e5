package io.hpcorchestrator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.Recipe;
import io.hpcorchestrator.recipe.RecipeLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile environment values, volume paths and command arguments, rendered and then run by real bash with
 * the runtime replaced by a recorder: every value must arrive byte for byte, and none may add, change or
 * remove an {@code #SBATCH} line.
 */
class HostileValuesPropertyTest {

    private static final List<String> FRAGMENTS = HostileFragments.FRAGMENTS;
    private static final List<String> PATH_FRAGMENTS = FRAGMENTS.stream()
            .filter(fragment -> fragment.chars().noneMatch(c -> c < 0x20 || c == 0x7F || c == ':' || c == ','))
            .toList();

    private static JobShell shell;
    private static final RecipeLoader LOADER = new RecipeLoader();
    private static final Map<ContainerRuntime, List<String>> BASELINE_DIRECTIVES = new LinkedHashMap<>();

    record HostileCase(ContainerRuntime runtime, Map<String, String> environment, List<String[]> volumes, List<String> command) {
    }

    @BeforeContainer
    static void createShell() throws IOException {
        Path root = Files.createTempDirectory("hostile-values");
        shell = new JobShell(root);
        Files.writeString(shell.imagesDir.resolve("service.sif"), "image");
        Files.createDirectories(shell.imagesDir.resolve("service"));
        for (ContainerRuntime runtime : ContainerRuntime.values()) {
            Recipe plain = load(new HostileCase(runtime, Map.of(), List.of(), List.of("plain")));
            BASELINE_DIRECTIVES.put(runtime, directives(renderer(runtime).render(new LoadedRecipe(null, plain, Optional.empty())).text()));
        }
    }

    @Property(tries = 2500)
    void everyValueReachesTheServiceUnchangedAndNoDirectiveChanges(@ForAll("hostileCases") HostileCase hostile) {
        Recipe recipe = load(hostile);
        String script = renderer(hostile.runtime()).render(new LoadedRecipe(null, recipe, Optional.empty())).text();

        assertThat(directives(script)).isEqualTo(BASELINE_DIRECTIVES.get(hostile.runtime()));

        JobShell.Run run = shell.run(script);
        assertThat(run.exitCode()).as("exit code, stderr: %s", run.stderr()).isZero();
        hostile.environment().forEach((name, value) -> {
            assertThat(run.environment()).containsEntry(name, value);
            if (hostile.runtime() == ContainerRuntime.APPTAINER) {
                assertThat(run.environment()).containsEntry("APPTAINERENV_" + name, value);
            }
            if (hostile.runtime() == ContainerRuntime.SINGULARITY) {
                assertThat(run.environment()).containsEntry("SINGULARITYENV_" + name, value);
            }
        });
        assertThat(run.argv()).isEqualTo(expectedArgv(hostile));
        assertThat(run.report()).contains("phase=STARTING\nnode=node1\nport=8080\n");
    }

    private static List<String> expectedArgv(HostileCase hostile) {
        List<String> argv = new ArrayList<>();
        switch (hostile.runtime()) {
            case APPTAINER, SINGULARITY -> {
                argv.add(hostile.runtime().id());
                argv.add("exec");
                for (String[] volume : hostile.volumes()) {
                    argv.add("--bind");
                    argv.add(volume[0] + ":" + volume[1] + ":ro");
                }
                argv.add(shell.imagesDir.resolve("service.sif").toString());
                argv.addAll(hostile.command());
            }
            case CHARLIECLOUD -> {
                argv.add("ch-run");
                for (String[] volume : hostile.volumes()) {
                    argv.add("-b");
                    argv.add(volume[0] + ":" + volume[1]);
                }
                argv.add(shell.imagesDir.resolve("service").toString());
                argv.add("--");
                argv.addAll(hostile.command());
            }
            case NONE -> {
                argv.add(JobShell.DUMP);
                argv.addAll(hostile.command().subList(1, hostile.command().size()));
            }
        }
        return argv;
    }

    private static Recipe load(HostileCase hostile) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode tree = nodes.objectNode();
        tree.put("name", "hostile");
        ObjectNode container = tree.putObject("container");
        container.put("image", hostile.runtime() == ContainerRuntime.CHARLIECLOUD ? "service" : "service.sif");
        container.put("runtime", hostile.runtime().id());
        var command = container.putArray("command");
        List<String> argv = new ArrayList<>(hostile.command());
        if (hostile.runtime() == ContainerRuntime.NONE && !argv.isEmpty()) {
            argv.set(0, shell.dumpCommand().toString());
        }
        argv.forEach(command::add);
        ObjectNode resources = tree.putObject("resources");
        resources.put("cpu", 2);
        resources.put("memory", "1G");
        resources.put("time_limit", 10);
        ObjectNode environment = tree.putObject("environment");
        hostile.environment().forEach(environment::put);
        var volumes = tree.putArray("volumes");
        for (String[] volume : hostile.volumes()) {
            volumes.addObject().put("source", volume[0]).put("target", volume[1]).put("read_only", true);
        }
        tree.putArray("ports").add(8080);
        tree.putObject("slurm").put("partition", "batch").put("account", "p200000");
        return LOADER.load("hostile", tree, null);
    }

    private static BatchScriptRenderer renderer(ContainerRuntime runtime) {
        return new BatchScriptRenderer(new ClusterDefaults(runtime, "debug", null, null,
                shell.workDir.toString(), shell.workDir.toString(), shell.imagesDir.toString(), List.of()));
    }

    /** Every line sbatch could read as a directive, wherever it stands. */
    private static List<String> directives(String script) {
        return script.lines().filter(line -> line.stripLeading().startsWith("#SBATCH")).toList();
    }

    @Provide
    Arbitrary<HostileCase> hostileCases() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(6)
                .map(name -> "V_" + name);
        Arbitrary<Map<String, String>> environment = Arbitraries.maps(names, hostileText(FRAGMENTS)).ofMaxSize(5);
        Arbitrary<String> path = hostileText(PATH_FRAGMENTS)
                .filter(text -> text.chars().noneMatch(c -> c < 0x20 || c == 0x7F || c == ':' || c == ','))
                .map(text -> "/" + text);
        Arbitrary<String[]> volume = Combinators.combine(path, path).as((source, target) -> new String[] {source, target});
        Arbitrary<List<String>> command = hostileText(FRAGMENTS).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(ContainerRuntime.class), environment, volume.list().ofMaxSize(3), command)
                .as(HostileCase::new);
    }

    /** Shell metacharacters, control characters, unicode, and long runs of arbitrary valid text. */
    private static Arbitrary<String> hostileText(List<String> fragments) {
        Arbitrary<String> pieces = Arbitraries.of(fragments).list().ofMaxSize(12).map(list -> String.join("", list));
        Arbitrary<String> arbitrary = Arbitraries.strings()
                .withCharRange('\u0001', '\ud7ff')
                .withCharRange('\ue000', '\ufffd')
                .ofMaxLength(60);
        Arbitrary<String> long_ = Arbitraries.strings().withCharRange('\u0001', '\u00ff').ofMinLength(2_000).ofMaxLength(20_000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, pieces),
                net.jqwik.api.Tuple.of(3, arbitrary),
                net.jqwik.api.Tuple.of(1, long_),
                net.jqwik.api.Tuple.of(1, Combinators.combine(pieces, arbitrary, pieces).as((a, b, c) -> a + b + c)));
    }
}
