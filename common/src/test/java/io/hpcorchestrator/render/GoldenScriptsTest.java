package io.hpcorchestrator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hpcorchestrator.recipe.ContainerRuntime;
import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.recipe.RecipeRef;
import io.hpcorchestrator.recipe.RecipeValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins the rendered script of every shipped recipe, and of the feature recipes under test resources, for every
 * runtime. A difference fails with the first differing lines; run with {@code -Dgolden.update=true} to
 * rewrite the files after an intended change, then review the diff. Every rendered script must also pass
 * {@code bash -n} and {@code shellcheck}.
 */
class GoldenScriptsTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicContainer> shippedRecipesRenderAsPinnedForEveryRuntime() {
        return renderAll(Scripts.SHIPPED_RECIPES, "shipped");
    }

    @TestFactory
    Stream<DynamicContainer> featureRecipesRenderAsPinnedForEveryRuntime() {
        return renderAll(Scripts.FEATURE_RECIPES, "features");
    }

    private static Stream<DynamicContainer> renderAll(Path root, String goldenFolder) {
        RecipeCatalog catalog = new RecipeCatalog(root);
        List<RecipeRef> recipes = catalog.list();
        assertThat(recipes).as("recipes under %s", root).isNotEmpty();
        return recipes.stream().map(ref -> DynamicContainer.dynamicContainer(ref.id(),
                Stream.of(ContainerRuntime.values()).map(runtime -> DynamicTest.dynamicTest(runtime.id(), () -> {
                    LoadedRecipe loaded = catalog.load(ref.id());
                    Path golden = Scripts.GOLDEN.resolve(goldenFolder).resolve(ref.category())
                            .resolve(ref.name() + "." + runtime.id() + ".sh");
                    Optional<String> script = render(loaded, runtime);
                    if (script.isEmpty()) {
                        assertThat(golden).as("golden file for a recipe that cannot run on %s", runtime.id()).doesNotExist();
                        return;
                    }
                    compareWithGolden(golden, script.get());
                    assertPassesBashSyntaxCheck(script.get());
                    assertPassesShellcheck(script.get());
                }))));
    }

    /** Empty when the recipe cannot run on the runtime, which must then be a field error, not a broken script. */
    private static Optional<String> render(LoadedRecipe loaded, ContainerRuntime runtime) {
        try {
            return Optional.of(new BatchScriptRenderer(Scripts.meluxinaLike(runtime)).render(loaded).text());
        } catch (RecipeValidationException e) {
            assertThat(e.errors()).allSatisfy(error -> assertThat(error.field()).startsWith("container."));
            return Optional.empty();
        }
    }

    private static void compareWithGolden(Path golden, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file %s; run the tests with -Dgolden.update=true to create it, then review it", golden);
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("rendered script differs from %s (rerun with -Dgolden.update=true if the change is intended):%n%s",
                    golden, firstDifference(expected, actual));
        }
    }

    private static String firstDifference(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        int line = 0;
        while (line < want.size() && line < got.size() && want.get(line).equals(got.get(line))) {
            line++;
        }
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, line - 2); i < Math.min(Math.max(want.size(), got.size()), line + 3); i++) {
            String w = i < want.size() ? want.get(i) : "<end of file>";
            String g = i < got.size() ? got.get(i) : "<end of file>";
            out.add(w.equals(g) ? String.format("  %4d   %s", i + 1, w)
                    : String.format("- %4d   %s%n+ %4d   %s", i + 1, w, i + 1, g));
        }
        return String.join(System.lineSeparator(), out);
    }

    static void assertPassesBashSyntaxCheck(String script) throws Exception {
        Result result = run(script, "bash", "-n");
        assertThat(result.exitCode()).as("bash -n: %s", result.output()).isZero();
    }

    static void assertPassesShellcheck(String script) throws Exception {
        Result result = run(script, "shellcheck", "--shell=bash", "--severity=style", "-");
        assertThat(result.exitCode()).as("shellcheck findings:%n%s", result.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String script, String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed by this test and is not installed (scripts/run-tests.sh installs it)", e);
        }
        try (var stdin = process.getOutputStream()) {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
