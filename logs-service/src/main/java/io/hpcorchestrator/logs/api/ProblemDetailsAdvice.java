package io.hpcorchestrator.logs.api;

import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Errors as RFC 9457 problem details, naming the parameter at fault; nothing internal leaks. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.reason())));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownService(UnknownServiceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Service not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail busy(TooManyFollowersException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many live streams");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail tooSlow(QueryTimeoutException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the query ran past its time limit; narrow it with stream, since or a more specific q");
        problem.setTitle("Query too slow");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail database(DataAccessResourceFailureException e) {
        log.warn("database unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the log database cannot be reached");
        problem.setTitle("Database unavailable");
        return problem;
    }

    /** Anything unexpected: logged here with its cause, answered without internals. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("request failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the logs service could not complete the request; its log has the details");
        problem.setTitle("Internal error");
        return problem;
    }
}
