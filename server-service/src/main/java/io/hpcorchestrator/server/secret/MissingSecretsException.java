package io.hpcorchestrator.server.secret;

import java.util.List;

/** A recipe names secrets the server has no value for; nothing is submitted. */
public class MissingSecretsException extends RuntimeException {

    private final List<String> names;

    public MissingSecretsException(List<String> names, String howToProvide) {
        super("secrets not configured on the server: " + String.join(", ", names) + " (" + howToProvide + ")");
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
