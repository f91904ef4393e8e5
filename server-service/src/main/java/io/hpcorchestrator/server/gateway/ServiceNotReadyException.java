package io.hpcorchestrator.server.gateway;

import io.hpcorchestrator.server.service.ServiceRecord;

/** A request for a service that is not RUNNING: answered 409 with its status and reason, never a timeout. */
class ServiceNotReadyException extends RuntimeException {

    private final ServiceRecord service;

    ServiceNotReadyException(ServiceRecord service) {
        super("service " + service.id() + " is " + service.status() + (service.reason() == null ? "" : " (" + service.reason() + ")")
                + ", not RUNNING");
        this.service = service;
    }

    ServiceRecord service() {
        return service;
    }
}
