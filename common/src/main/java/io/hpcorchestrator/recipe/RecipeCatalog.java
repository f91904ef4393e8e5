package io.hpcorchestrator.recipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The recipes under one root folder, laid out as {@code <category>/<name>.yaml} with an optional
 * {@code <definition>.def} beside them.
 *
 * <p>Names come from API users, so they are matched against a strict pattern before any path is built
 * (no dots, slashes, percent signs or backslashes can get through), and every resolved file is checked,
 * after following symlinks, to still lie inside the root.
 */
public final class RecipeCatalog {

    static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    private static final String EXTENSION = ".yaml";
    private static final String FIELD = "recipe_name";

    private final Path root;
    private final Path realRoot;
    private final RecipeLoader loader = new RecipeLoader();

    public RecipeCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("recipes root " + root + " cannot be read", e);
        }
    }

    public Path root() {
        return root;
    }

    /** Every recipe file whose category and name are valid names, sorted by id. */
    public List<RecipeRef> list() {
        List<RecipeRef> refs = new ArrayList<>();
        try (Stream<Path> categories = Files.list(realRoot)) {
            for (Path category : categories.filter(Files::isDirectory).toList()) {
                String categoryName = category.getFileName().toString();
                if (!SEGMENT.matcher(categoryName).matches()) {
                    continue;
                }
                try (Stream<Path> files = Files.list(category)) {
                    files.map(file -> file.getFileName().toString())
                            .filter(file -> file.endsWith(EXTENSION))
                            .map(file -> file.substring(0, file.length() - EXTENSION.length()))
                            .filter(name -> SEGMENT.matcher(name).matches())
                            .map(name -> find(categoryName, name))
                            .flatMap(Optional::stream)
                            .forEach(refs::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list recipes under " + root, e);
        }
        refs.sort(Comparator.comparing(RecipeRef::id));
        return refs;
    }

    /**
     * Resolves {@code category/name}.
     *
     * @throws RecipeValidationException when the name is malformed or points outside the root
     * @throws RecipeNotFoundException   when no such recipe exists
     */
    public RecipeRef resolve(String recipeName) {
        if (recipeName == null) {
            throw new RecipeValidationException("request", FIELD, "is required, as category/name");
        }
        String[] parts = recipeName.split("/", -1);
        if (parts.length != 2 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()) {
            throw new RecipeValidationException("request", FIELD,
                    "'" + RecipeValidator.printable(recipeName) + "' is not a recipe name: expected category/name, lowercase letters, digits, '_' and '-'");
        }
        return find(parts[0], parts[1]).orElseThrow(() -> new RecipeNotFoundException(recipeName));
    }

    private Optional<RecipeRef> find(String category, String name) {
        Path file = realRoot.resolve(category).resolve(name + EXTENSION);
        return inside(file).filter(Files::isRegularFile).map(real -> new RecipeRef(category, name, real));
    }

    /** The file's real path if it exists and stays inside the root once symlinks are followed. */
    private Optional<Path> inside(Path file) {
        try {
            Path real = file.toRealPath();
            return real.startsWith(realRoot) ? Optional.of(real) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads and validates a recipe, with a deployment's overrides (may be null). */
    public LoadedRecipe load(String recipeName, JsonNode overrides) {
        RecipeRef ref = resolve(recipeName);
        Recipe recipe = loader.load(ref.source(), read(ref.file()), overrides);
        Optional<String> definition = Optional.ofNullable(recipe.container().definition())
                .map(file -> readDefinition(ref, file));
        return new LoadedRecipe(ref, recipe, definition);
    }

    public LoadedRecipe load(String recipeName) {
        return load(recipeName, null);
    }

    /** The definition file named by the recipe; the validator already limited it to a plain file name. */
    private String readDefinition(RecipeRef ref, String fileName) {
        Path definition = inside(ref.file().getParent().resolve(fileName)).filter(Files::isRegularFile)
                .orElseThrow(() -> new RecipeValidationException(ref.source(), "container.definition",
                        "'" + fileName + "' does not exist next to the recipe"));
        return read(definition);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
