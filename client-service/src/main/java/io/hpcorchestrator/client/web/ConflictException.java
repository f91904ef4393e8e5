package io.hpcorchestrator.client.web;

import java.util.Map;

/** The request is valid but the state of something does not allow it now (a service that is not RUNNING). */
public class ConflictException extends RuntimeException {

    private final transient Map<String, Object> properties;

    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
