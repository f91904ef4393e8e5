package io.hpcorchestrator.logs.api;

/** A request parameter is malformed or out of bounds; answered 400 naming the parameter. */
class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    String field() {
        return field;
    }

    String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
