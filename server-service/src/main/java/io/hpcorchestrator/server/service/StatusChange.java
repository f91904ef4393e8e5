package io.hpcorchestrator.server.service;

/** The seed's {@code POST /api/v1/services/{id}/status} body; only {@code cancelled} is accepted. */
public record StatusChange(String status) {
}
