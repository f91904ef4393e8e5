package io.hpcorchestrator.logs.api;

/** Neither the logs service nor the server knows a service by this id. */
class UnknownServiceException extends RuntimeException {

    UnknownServiceException(String id) {
        super("no service " + id);
    }
}
