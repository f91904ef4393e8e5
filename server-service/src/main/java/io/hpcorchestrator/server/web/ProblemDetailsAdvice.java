package io.hpcorchestrator.server.web;

import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.recipe.RecipeNotFoundException;
import io.hpcorchestrator.recipe.RecipeValidationException;
import io.hpcorchestrator.server.secret.MissingSecretsException;
import io.hpcorchestrator.server.service.IdempotencyConflictException;
import io.hpcorchestrator.server.service.ServiceNotFoundException;
import io.hpcorchestrator.server.service.SubmissionRejectedException;
import io.hpcorchestrator.slurm.SlurmException;
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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

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

    @ExceptionHandler
    ProblemDetail missingSecrets(MissingSecretsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Secrets not configured");
        problem.setProperty("secrets", e.names());
        problem.setProperty("errors", e.names().stream()
                .map(name -> Map.of("field", "secrets", "message", name + " has no value on the server")).toList());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownService(ServiceNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Service not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail idempotencyConflict(IdempotencyConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Idempotency-Key reused");
        return problem;
    }

    /** SLURM said no: its own words, and the service that records the failed attempt. */
    @ExceptionHandler
    ProblemDetail submissionRejected(SubmissionRejectedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "SLURM rejected the job: " + e.getMessage());
        problem.setTitle("Submission rejected by SLURM");
        problem.setProperty("slurm_message", e.getMessage());
        problem.setProperty("service_id", e.service().id());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail slurm(SlurmException e) {
        boolean rejected = e.kind() == SlurmException.Kind.REJECTED;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                rejected ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle(rejected ? "Rejected by SLURM" : "SLURM unavailable");
        problem.setProperty("transport", e.transport());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unsupported(UnsupportedOperationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED, e.getMessage());
        problem.setTitle("Not available on this transport");
        return problem;
    }

    /** Anything unexpected: logged here with its cause, answered without internals. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("request failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the server could not complete the request; its log has the details");
        problem.setTitle("Internal error");
        return problem;
    }

    private static List<Map<String, String>> fields(List<FieldError> errors) {
        return errors.stream().map(error -> Map.of("field", error.field(), "message", error.message())).toList();
    }
}
