package io.hpcorchestrator.server.gateway;

/**
 * The seed's prompt request.
 *
 * @param model the model to use; the service's first model when absent
 */
record PromptRequest(String prompt, Integer maxTokens, Double temperature, String model) {

    PromptRequest {
        maxTokens = maxTokens == null ? 150 : maxTokens;
        temperature = temperature == null ? 0.7 : temperature;
    }
}
