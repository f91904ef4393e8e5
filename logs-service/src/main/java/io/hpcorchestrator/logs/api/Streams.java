package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.store.Stream;

/** The {@code stream} parameter: {@code stdout}, {@code stderr} or {@code all}. */
final class Streams {

    private Streams() {
    }

    /** The stream asked for; null for all. */
    static Stream parse(String value) {
        return switch (value) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            case "all" -> null;
            default -> throw new InvalidRequestException("stream", "must be stdout, stderr or all");
        };
    }
}
