package io.hpcorchestrator.server.web;

import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.recipe.RecipeNotFoundException;
import io.hpcorchestrator.recipe.RecipeValidationException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details. Validation problems list every field error at once, each naming its
 * field, so a user can fix a request in one go; nothing internal (stack traces, class names) leaks.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidRecipe(RecipeValidationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid recipe or configuration");
        problem.setProperty("source", e.source());
        problem.setProperty("errors", fields(e.errors()));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownRecipe(RecipeNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Recipe not found");
        problem.setProperty("recipe_name", e.recipeName());
        return problem;
    }

    private static List<Map<String, String>> fields(List<FieldError> errors) {
        return errors.stream().map(error -> Map.of("field", error.field(), "message", error.message())).toList();
    }
}
