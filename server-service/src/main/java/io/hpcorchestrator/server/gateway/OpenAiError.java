package io.hpcorchestrator.server.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/** Errors in OpenAI's format, {@code {"error": {"message", "type", "param", "code"}}}, as OpenAI clients expect. */
final class OpenAiError {

    private OpenAiError() {
    }

    static Map<String, Object> of(String message, String type, String param, Object code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }
}
