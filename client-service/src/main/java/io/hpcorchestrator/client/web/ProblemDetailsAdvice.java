package io.hpcorchestrator.client.web;

import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.slurm.SlurmException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Errors as RFC 9457 problem details. Bad input is a 400 listing every field at fault
 * ({@code errors: [{field, message}]}), malformed JSON included, whose field is named by its JSON path; nothing
 * internal (stack traces, class names) leaks.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final Pattern TOKEN = Pattern.compile("\\s*\\(token `[^`]*`\\)");
    private static final Pattern JAVA_TYPE = Pattern.compile("`([^`]*)`");

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e) {
        return badRequest(e.getMessage(), e.errors());
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail upstream(UpstreamException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(e.status()), e.getMessage());
        problem.setTitle(e.title());
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
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName() + ": not a valid value", List.of(new FieldError(e.getName(), "not a valid value")));
    }

    /** Malformed JSON, a wrong type or an unknown field: named by its path in the body. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        FieldError error = describe(e);
        return ResponseEntity.badRequest().body(badRequest(error.toString(), List.of(error)));
    }

    private static FieldError describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof JacksonException jackson)) {
            return new FieldError("(body)", "is missing or not JSON");
        }
        String field = path(jackson);
        if (jackson instanceof UnrecognizedPropertyException) {
            return new FieldError(field, "is not a known field");
        }
        if (field.isEmpty()) {
            return new FieldError("(body)", "is not valid JSON: " + firstLine(jackson.getOriginalMessage()));
        }
        return new FieldError(field, "has the wrong type or format: " + firstLine(jackson.getOriginalMessage()));
    }

    /** {@code load.request_rates[1]}, from Jackson's reference chain (property names as written in the JSON). */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        // Jackson names Java types and its own tokens in its messages; users know JSON types.
        line = TOKEN.matcher(line).replaceAll("");
        Matcher type = JAVA_TYPE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (type.find()) {
            type.appendReplacement(out, Matcher.quoteReplacement(jsonType(type.group(1))));
        }
        type.appendTail(out);
        return out.toString().replaceAll("\\s+", " ");
    }


    /** What a Java type is called in JSON: {@code java.util.ArrayList<java.lang.Double>} is an array. */
    private static String jsonType(String javaType) {
        String outer = javaType.contains("<") ? javaType.substring(0, javaType.indexOf('<')) : javaType;
        if (outer.endsWith("List") || outer.endsWith("Set") || outer.endsWith("[]") || outer.endsWith("Collection")) {
            return "an array";
        }
        if (outer.endsWith("Map") || outer.startsWith("io.hpcorchestrator.")) {
            return "an object";
        }
        return switch (outer.substring(outer.lastIndexOf('.') + 1)) {
            case "String", "char", "Character" -> "a string";
            case "Integer", "int", "Long", "long", "Short", "short", "Double", "double", "Float", "float", "BigDecimal", "BigInteger",
                 "Number" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            default -> "the expected type";
        };
    }

    private static ProblemDetail badRequest(String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors.stream().map(error -> Map.of("field", error.field(), "message", error.message())).toList());
        return problem;
    }

    /** Anything unexpected: logged here with its cause, answered without internals. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("request failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the client service could not complete the request; its log has the details");
        problem.setTitle("Internal error");
        return problem;
    }
}
