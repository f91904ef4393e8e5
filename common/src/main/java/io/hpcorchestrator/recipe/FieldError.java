package io.hpcorchestrator.recipe;

/** One problem with one field, named by its path in the recipe ({@code resources.memory}, {@code volumes[0].source}). */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
