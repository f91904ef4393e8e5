package io.hpcorchestrator.server.recipe;

import io.hpcorchestrator.recipe.LoadedRecipe;
import io.hpcorchestrator.recipe.RecipeCatalog;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/recipes")
@Tag(name = "recipes", description = "The recipe catalog")
class RecipeController {

    private final RecipeCatalog catalog;
    private final BatchScriptRenderer renderer;

    RecipeController(RecipeCatalog catalog, BatchScriptRenderer renderer) {
        this.catalog = catalog;
        this.renderer = renderer;
    }

    @GetMapping
    @Operation(summary = "List recipes", description = "Every valid recipe under the recipes root, sorted by id.")
    List<RecipeSummary> list() {
        return catalog.list().stream()
                .map(ref -> RecipeSummary.of(ref, catalog.load(ref.id()).recipe()))
                .toList();
    }

    @GetMapping("/{category}/{name}")
    @Operation(summary = "Read a recipe", description = "The recipe with its defaults applied, and its Apptainer definition if any.")
    RecipeDetails get(@PathVariable String category, @PathVariable String name) {
        return RecipeDetails.of(catalog.load(category + "/" + name));
    }

    @PostMapping("/{category}/{name}/render")
    @Operation(summary = "Render a recipe (dry run)",
            description = "Merges the overrides, validates, and returns the sbatch script a deployment would submit. Nothing is submitted.")
    RenderResponse render(@PathVariable String category, @PathVariable String name, @RequestBody(required = false) RenderRequest request) {
        String recipeName = category + "/" + name;
        LoadedRecipe loaded = catalog.load(recipeName, request == null ? null : request.config());
        return RenderResponse.of(recipeName, renderer.render(loaded));
    }
}
