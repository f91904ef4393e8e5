package io.hpcorchestrator.server.lifecycle;

import io.hpcorchestrator.server.service.ServiceState;

/**
 * What a service should become after one look at its job: the state, the reason, and the exit code when the
 * job has ended. {@code state} equal to the current one means "stay".
 */
record Observation(ServiceState state, String reason, Integer exitCode) {
}
