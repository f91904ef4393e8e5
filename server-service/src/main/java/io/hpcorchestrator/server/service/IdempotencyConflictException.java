package io.hpcorchestrator.server.service;

/** An {@code Idempotency-Key} reused with a different request body. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String serviceId) {
        super("this Idempotency-Key was used for a different request" + (serviceId == null ? "" : " (service " + serviceId + ")"));
    }
}
