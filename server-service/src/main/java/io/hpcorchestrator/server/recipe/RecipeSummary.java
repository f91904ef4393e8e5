package io.hpcorchestrator.server.recipe;

import io.hpcorchestrator.recipe.Recipe;
import io.hpcorchestrator.recipe.RecipeRef;

/** One line of the recipe list. */
record RecipeSummary(String id, String category, String name, String description, Object ports, boolean hasDefinition) {

    static RecipeSummary of(RecipeRef ref, Recipe recipe) {
        return new RecipeSummary(ref.id(), ref.category(), ref.name(), recipe.description(),
                recipe.ports().auto() ? "auto" : recipe.ports().numbers(), recipe.container().definition() != null);
    }
}
