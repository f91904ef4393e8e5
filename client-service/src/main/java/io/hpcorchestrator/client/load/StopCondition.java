package io.hpcorchestrator.client.load;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * When a load step stops sending: after {@code requests} requests, after {@code durationSeconds}, or at whichever
 * comes first. Requests still in flight then are waited for. Warm-up requests run once before the first step, one
 * to four at a time, and are never counted.
 *
 * @param requests        requests per step, or null for a duration alone
 * @param durationSeconds seconds of sending per step, or null for a count alone
 * @param warmupRequests  requests sent and discarded before measuring
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StopCondition(Integer requests, Double durationSeconds, int warmupRequests) {
}
