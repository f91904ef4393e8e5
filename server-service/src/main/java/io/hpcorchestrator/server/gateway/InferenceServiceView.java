package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;

/** An inference service as {@code GET /api/v1/vllm/services} lists it. */
record InferenceServiceView(String id, Long jobId, String name, String recipeName, String endpoint, ServiceState status, String reason) {

    static InferenceServiceView of(ServiceRecord service) {
        return new InferenceServiceView(service.id(), service.jobId(), service.jobName(), service.recipeName(), service.endpoint().orElse(null),
                service.status(), service.reason());
    }
}
