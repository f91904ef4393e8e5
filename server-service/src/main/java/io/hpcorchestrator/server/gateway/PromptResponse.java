package io.hpcorchestrator.server.gateway;

import tools.jackson.databind.JsonNode;

/**
 * The seed's prompt answer.
 *
 * @param endpointUsed {@code chat} or {@code completions}: chat when the model has a chat template
 */
record PromptResponse(boolean success, String response, String serviceId, String endpoint, String endpointUsed, String model, JsonNode usage) {
}
