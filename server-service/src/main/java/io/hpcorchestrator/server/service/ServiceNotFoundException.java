package io.hpcorchestrator.server.service;

/** No service with that id or job id. */
public class ServiceNotFoundException extends RuntimeException {

    public ServiceNotFoundException(String id) {
        super("no service '" + id + "'");
    }
}
