package io.hpcorchestrator.recipe;

import java.nio.file.Path;

/**
 * A recipe found in the catalog.
 *
 * @param category the folder under the recipes root ({@code inference})
 * @param name     the file name without {@code .yaml} ({@code vllm})
 * @param file     the recipe file, already checked to lie inside the recipes root
 */
public record RecipeRef(String category, String name, Path file) {

    /** The name users deploy by: {@code category/name}. */
    public String id() {
        return category + "/" + name;
    }

    /** Where errors say the recipe came from. */
    public String source() {
        return "recipes/" + id() + ".yaml";
    }
}
