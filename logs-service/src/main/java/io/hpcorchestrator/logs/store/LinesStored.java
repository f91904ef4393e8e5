package io.hpcorchestrator.logs.store;

/**
 * Published after a commit that stored lines of a service or ended its collection, so live streams read them now
 * rather than at their next heartbeat.
 */
public record LinesStored(String serviceId, long lastId) {
}
