package io.hpcorchestrator.server.service;

import java.time.Instant;

/** One recorded state change. {@code from} is null for the first state. */
public record ServiceTransition(ServiceState from, ServiceState to, String reason, Instant at) {
}
