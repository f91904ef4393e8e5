package io.hpcorchestrator.server.service;

import java.time.Instant;

/** The short answer of {@code GET /api/v1/services/{id}/status}. */
public record ServiceStatusView(String id, Long jobId, ServiceState status, String reason, String endpoint, Instant updatedAt) {

    static ServiceStatusView of(ServiceRecord service) {
        return new ServiceStatusView(service.id(), service.jobId(), service.status(), service.reason(), service.endpoint().orElse(null),
                service.updatedAt());
    }
}
