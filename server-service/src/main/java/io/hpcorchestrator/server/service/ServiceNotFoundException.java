package io.hpcorchestrator.server.service;

/** No service with that id or job id. */
public class ServiceNotFoundException extends RuntimeException {

    public ServiceNotFoundException(String id) {
        // Ids come from URLs: echo only a bounded, printable prefix.
        super("no service '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id).replaceAll("[^\\x20-\\x7E]", "?") + "'");
    }
}
