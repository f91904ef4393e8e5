package io.hpcorchestrator.client.web;

import io.hpcorchestrator.recipe.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A request that cannot run as written: every problem found, each naming its field ({@code load.request_rate}). */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
