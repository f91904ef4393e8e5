package io.hpcorchestrator.server.recipe;

import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.Recipe;

/** A recipe as stored, with its id and its Apptainer definition when it has one. */
record RecipeDetails(String id, String category, Recipe recipe, String definition) {

    static RecipeDetails of(LoadedRecipe loaded) {
        return new RecipeDetails(loaded.ref().id(), loaded.ref().category(), loaded.recipe(), loaded.definition().orElse(null));
    }
}
