package io.hpcorchestrator.client.web;

/** No benchmark or client group with this id. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, String id) {
        super("no " + what + " with id " + id);
    }
}
