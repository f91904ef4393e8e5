package io.hpcorchestrator.recipe;

/** A well-formed recipe name with no recipe behind it. */
public class RecipeNotFoundException extends RuntimeException {

    private final String recipeName;

    public RecipeNotFoundException(String recipeName) {
        super("no recipe named '" + recipeName + "'");
        this.recipeName = recipeName;
    }

    public String recipeName() {
        return recipeName;
    }
}
