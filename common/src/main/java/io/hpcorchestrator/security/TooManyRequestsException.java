package io.hpcorchestrator.security;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A per-user limit was reached: 429 with {@code Retry-After} in whole seconds (at least 1). */
public final class TooManyRequestsException extends ErrorResponseException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(detail), null);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        getBody().setProperty("retry_after_seconds", retryAfterSeconds);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setTitle("Too many requests");
        return problem;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
