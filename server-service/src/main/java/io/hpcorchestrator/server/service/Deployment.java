package io.hpcorchestrator.server.service;

/**
 * The outcome of a deploy call.
 *
 * @param replayed true when an {@code Idempotency-Key} matched an earlier request and nothing new was done
 */
public record Deployment(ServiceRecord service, boolean replayed) {
}
