package io.hpcorchestrator.recipe;

import java.util.Optional;

/**
 * A validated recipe with its overrides applied, and the text of its Apptainer definition when it has one.
 * This is everything the renderer needs; nothing here refers to the server's filesystem any more.
 */
public record LoadedRecipe(RecipeRef ref, Recipe recipe, Optional<String> definition) {
}
