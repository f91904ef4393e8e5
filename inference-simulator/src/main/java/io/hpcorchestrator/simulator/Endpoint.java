package io.hpcorchestrator.simulator;

/** The two generation endpoints; they differ only in request and response shapes. */
enum Endpoint {
    COMPLETIONS("/v1/completions", "cmpl-", "text_completion", "text_completion"),
    CHAT("/v1/chat/completions", "chatcmpl-", "chat.completion", "chat.completion.chunk");

    private final String path;
    private final String idPrefix;
    private final String object;
    private final String chunkObject;

    Endpoint(String path, String idPrefix, String object, String chunkObject) {
        this.path = path;
        this.idPrefix = idPrefix;
        this.object = object;
        this.chunkObject = chunkObject;
    }

    String path() {
        return path;
    }

    String idPrefix() {
        return idPrefix;
    }

    String object() {
        return object;
    }

    String chunkObject() {
        return chunkObject;
    }
}
