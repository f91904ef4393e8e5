package io.hpcorchestrator.recipe;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A recipe, or a deployment's overrides, that cannot be used. Carries every field error found, each
 * naming its field, and where the recipe came from, so an API can answer 400 with all of them at once.
 */
public class RecipeValidationException extends RuntimeException {

    private final String source;
    private final List<FieldError> errors;

    public RecipeValidationException(String source, List<FieldError> errors) {
        super(source + ": " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public RecipeValidationException(String source, String field, String message) {
        this(source, List.of(new FieldError(field, message)));
    }

    /** Where the recipe came from: a file relative to the recipes root, or {@code config} for overrides. */
    public String source() {
        return source;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
