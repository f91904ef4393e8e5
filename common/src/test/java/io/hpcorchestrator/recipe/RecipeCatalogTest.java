package io.hpcorchestrator.recipe;

import static io.hpcorchestrator.recipe.RecipeTestSupport.fields;
import static io.hpcorchestrator.recipe.RecipeTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipeCatalogTest {

    private static final String ECHO = """
            name: echo
            description: echo
            container: {command: [/bin/true]}
            ports: auto
            health: {path: /health}
            """;

    private static final String WITH_DEFINITION = """
            name: vllm
            container: {definition: vllm.def, image: vllm.sif, command: [/bin/true]}
            ports: [8000]
            """;

    private static final String DEFINITION = "Bootstrap: docker\nFrom: vllm/vllm-openai:v0.11.0\n";

    @TempDir
    Path workspace;

    private Path root;
    private Path outside;
    private RecipeCatalog catalog;

    @BeforeEach
    void layOutRecipes() throws IOException {
        root = Files.createDirectories(workspace.resolve("recipes"));
        outside = Files.createDirectories(workspace.resolve("outside"));
        write("examples/echo.yaml", ECHO);
        write("inference/vllm.yaml", WITH_DEFINITION);
        write("inference/vllm.def", DEFINITION);
        write("storage/postgres.yaml", ECHO.replace("name: echo", "name: postgres"));
        catalog = new RecipeCatalog(root);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private List<String> ids() {
        return catalog.list().stream().map(RecipeRef::id).toList();
    }

    @Test
    void listsCategoryAndNameSorted() {
        assertThat(ids()).containsExactly("examples/echo", "inference/vllm", "storage/postgres");
    }

    @Test
    void listingIgnoresFilesThatAreNotRecipes() throws IOException {
        write("README.md", "# recipes");
        write("top-level.yaml", ECHO);
        write("inference/notes.txt", "notes");
        write("inference/other.yml", ECHO);
        write("inference/.hidden.yaml", ECHO);
        write("inference/UPPER.yaml", ECHO);
        write("inference/with space.yaml", ECHO);
        write("Inference2/x.yaml", ECHO);
        write(".git/config.yaml", ECHO);
        write("inference/nested/deeper.yaml", ECHO);
        Files.createDirectories(root.resolve("empty"));

        assertThat(ids()).containsExactly("examples/echo", "inference/vllm", "storage/postgres");
    }

    @Test
    void listedRefsPointAtTheFileAndNameTheirSource() {
        RecipeRef ref = catalog.list().get(1);

        assertThat(ref.category()).isEqualTo("inference");
        assertThat(ref.name()).isEqualTo("vllm");
        assertThat(ref.source()).isEqualTo("recipes/inference/vllm.yaml");
        assertThat(ref.file()).isRegularFile().hasFileName("vllm.yaml");
    }

    @Test
    void resolvesAWellFormedName() {
        RecipeRef ref = catalog.resolve("inference/vllm");

        assertThat(ref.id()).isEqualTo("inference/vllm");
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"..", "../x", "a/../b", "/etc/passwd", "inference/../../etc/passwd", "%2e%2e/x",
            "inference%2Fvllm", "inference\\vllm", "a/b/c", "INFERENCE/VLLM", "inference/", "/vllm", "inference//vllm",
            "inference/vllm.yaml", "inference/.vllm", "./inference/vllm", "inference/vllm\n", "inference/vl lm",
            "inference/vllm\u0000", "infer\u0435nce/vllm", "inference/-vllm", "inference"})
    void rejectsNamesThatAreNotCategorySlashName(String name) {
        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> catalog.resolve(name));

        assertThat(e).isNotNull();
        assertThat(fields(e)).containsExactly("recipe_name");
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void loadingAHostileNameIsRejectedBeforeAnyFileIsRead() {
        assertThatThrownBy(() -> catalog.load("../outside/secret"))
                .isInstanceOf(RecipeValidationException.class);
    }

    @Test
    void anUnknownRecipeIsNotFound() {
        assertThatThrownBy(() -> catalog.resolve("inference/nothing"))
                .isInstanceOfSatisfying(RecipeNotFoundException.class,
                        e -> assertThat(e.recipeName()).isEqualTo("inference/nothing"))
                .hasMessageContaining("inference/nothing");
        assertThatThrownBy(() -> catalog.resolve("nocategory/vllm")).isInstanceOf(RecipeNotFoundException.class);
        assertThatThrownBy(() -> catalog.load("inference/nothing")).isInstanceOf(RecipeNotFoundException.class);
    }

    @Test
    void aDirectoryNamedLikeARecipeIsNotARecipe() throws IOException {
        Files.createDirectories(root.resolve("inference/dir.yaml"));

        assertThatThrownBy(() -> catalog.resolve("inference/dir")).isInstanceOf(RecipeNotFoundException.class);
        assertThat(ids()).doesNotContain("inference/dir");
    }

    @Test
    void aSymlinkedRecipeLeadingOutsideTheRootIsNeitherFoundNorListed() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.yaml"), ECHO);
        Files.createSymbolicLink(root.resolve("inference/evil.yaml"), secret);

        assertThatThrownBy(() -> catalog.resolve("inference/evil")).isInstanceOf(RecipeNotFoundException.class);
        assertThatThrownBy(() -> catalog.load("inference/evil")).isInstanceOf(RecipeNotFoundException.class);
        assertThat(ids()).doesNotContain("inference/evil");
    }

    @Test
    void aRelativeSymlinkClimbingOutOfTheRootIsRefused() throws IOException {
        Files.writeString(outside.resolve("secret.yaml"), ECHO);
        Files.createSymbolicLink(root.resolve("inference/climb.yaml"), Path.of("../../outside/secret.yaml"));

        assertThatThrownBy(() -> catalog.resolve("inference/climb")).isInstanceOf(RecipeNotFoundException.class);
        assertThat(ids()).doesNotContain("inference/climb");
    }

    @Test
    void aSymlinkThatStaysInsideTheRootWorks() throws IOException {
        Files.createSymbolicLink(root.resolve("examples/alias.yaml"), Path.of("../storage/postgres.yaml"));

        LoadedRecipe loaded = catalog.load("examples/alias");

        assertThat(loaded.recipe().name()).isEqualTo("postgres");
        assertThat(loaded.ref().id()).isEqualTo("examples/alias");
        assertThat(ids()).contains("examples/alias");
    }

    @Test
    void aCategoryDirectorySymlinkedOutsideTheRootIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(outside.resolve("category"));
        Files.writeString(elsewhere.resolve("x.yaml"), ECHO);
        Files.createSymbolicLink(root.resolve("linked"), elsewhere);

        assertThatThrownBy(() -> catalog.resolve("linked/x")).isInstanceOf(RecipeNotFoundException.class);
        assertThatThrownBy(() -> catalog.load("linked/x")).isInstanceOf(RecipeNotFoundException.class);
        assertThat(ids()).noneMatch(id -> id.startsWith("linked/"));
    }

    @Test
    void aDanglingSymlinkIsNotFound() throws IOException {
        Files.createSymbolicLink(root.resolve("inference/gone.yaml"), root.resolve("inference/missing.yaml"));

        assertThatThrownBy(() -> catalog.resolve("inference/gone")).isInstanceOf(RecipeNotFoundException.class);
        assertThat(ids()).doesNotContain("inference/gone");
    }

    @Test
    void aRootReachedThroughASymlinkStillWorks() throws IOException {
        Path link = Files.createSymbolicLink(workspace.resolve("recipes-link"), root);

        RecipeCatalog linked = new RecipeCatalog(link);

        assertThat(linked.list()).extracting(RecipeRef::id).containsExactly("examples/echo", "inference/vllm", "storage/postgres");
        assertThat(linked.load("inference/vllm").definition()).contains(DEFINITION);
    }

    @Test
    void loadReturnsTheRecipeAndTheDefinitionText() {
        LoadedRecipe loaded = catalog.load("inference/vllm");

        assertThat(loaded.ref().id()).isEqualTo("inference/vllm");
        assertThat(loaded.recipe().container().image()).isEqualTo("vllm.sif");
        assertThat(loaded.definition()).contains(DEFINITION);
    }

    @Test
    void loadWithoutADefinitionHasNone() {
        assertThat(catalog.load("examples/echo").definition()).isEmpty();
    }

    @Test
    void loadAppliesOverrides() {
        LoadedRecipe loaded = catalog.load("inference/vllm", json("{\"resources\": {\"gpu\": \"2\"}}"));

        assertThat(loaded.recipe().resources().gpu()).isEqualTo(2);
    }

    @Test
    void aMissingDefinitionFileNamesContainerDefinition() throws IOException {
        Files.delete(root.resolve("inference/vllm.def"));

        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> catalog.load("inference/vllm"));

        assertThat(e.source()).isEqualTo("recipes/inference/vllm.yaml");
        assertThat(fields(e)).containsExactly("container.definition");
        assertThat(e.getMessage()).contains("vllm.def");
    }

    @Test
    void aDefinitionSymlinkedOutsideTheRootIsRefused() throws IOException {
        Files.delete(root.resolve("inference/vllm.def"));
        Path stolen = Files.writeString(outside.resolve("stolen.def"), "secret");
        Files.createSymbolicLink(root.resolve("inference/vllm.def"), stolen);

        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> catalog.load("inference/vllm"));

        assertThat(fields(e)).containsExactly("container.definition");
        assertThat(e.getMessage()).doesNotContain("secret");
    }

    @Test
    void aDefinitionThatIsADirectoryIsRefused() throws IOException {
        Files.delete(root.resolve("inference/vllm.def"));
        Files.createDirectories(root.resolve("inference/vllm.def"));

        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> catalog.load("inference/vllm"));

        assertThat(fields(e)).containsExactly("container.definition");
    }

    @Test
    void anInvalidRecipeNamesItsFile() throws IOException {
        write("storage/broken.yaml", "name: broken\nresources: {gpus: 1}\n");

        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class, () -> catalog.load("storage/broken"));

        assertThat(e.source()).isEqualTo("recipes/storage/broken.yaml");
        assertThat(e.getMessage()).startsWith("recipes/storage/broken.yaml: resources.gpus: unknown field");
    }

    @Test
    void anInvalidOverrideNamesConfig() {
        RecipeValidationException e = catchThrowableOfType(RecipeValidationException.class,
                () -> catalog.load("inference/vllm", json("{\"ports\": [1]}")));

        assertThat(e.source()).isEqualTo("config");
        assertThat(fields(e)).containsExactly("config.ports");
    }

    @Test
    void aMissingRootIsReportedWhenTheCatalogIsCreated() {
        assertThatThrownBy(() -> new RecipeCatalog(workspace.resolve("nowhere")))
                .hasMessageContaining("nowhere");
    }
}
