package io.hpcorchestrator.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies of vLLM's OpenAI server, as records; component names become snake_case
 * ({@code finishReason} is {@code finish_reason}). Fields vLLM always writes as {@code null} here, such as
 * {@code logprobs}, are kept so clients see the same keys.
 */
final class OpenAiJson {

    private OpenAiJson() {
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    record ErrorInfo(String message, String type, String param, int code) {
    }

    record ErrorResponse(ErrorInfo error) {
    }

    record ModelPermission(String id, String object, long created, boolean allowCreateEngine, boolean allowSampling,
            boolean allowLogprobs, boolean allowSearchIndices, boolean allowView, boolean allowFineTuning,
            String organization, String group, boolean isBlocking) {

        static ModelPermission of(String id, long created) {
            return new ModelPermission(id, "model_permission", created, false, true, true, false, true, false, "*", null, false);
        }
    }

    record ModelCard(String id, String object, long created, String ownedBy, String root, String parent, int maxModelLen,
            List<ModelPermission> permission) {
    }

    record ModelList(String object, List<ModelCard> data) {
    }

    /** vLLM writes the keys in this order. */
    record Usage(int promptTokens, int totalTokens, int completionTokens) {

        static Usage of(int promptTokens, int completionTokens) {
            return new Usage(promptTokens, promptTokens + completionTokens, completionTokens);
        }
    }

    record CompletionChoice(int index, String text, Object logprobs, String finishReason, Object stopReason) {
    }

    record Completion(String id, String object, long created, String model, List<CompletionChoice> choices, Usage usage) {
    }

    record ChatMessage(String role, String content) {
    }

    record ChatChoice(int index, ChatMessage message, Object logprobs, String finishReason, Object stopReason) {
    }

    record ChatCompletion(String id, String object, long created, String model, List<ChatChoice> choices, Usage usage) {
    }

    /** {@code role} only in the first chunk of a chat stream. */
    record Delta(@JsonInclude(JsonInclude.Include.NON_NULL) String role, String content) {
    }

    record ChatChunkChoice(int index, Delta delta, Object logprobs, String finishReason, Object stopReason) {
    }

    /**
     * One server-sent event. {@code usage} has three forms, as in vLLM: absent (no {@code include_usage}),
     * JSON {@code null} (intermediate chunks with {@code include_usage}) or the usage object; hence a
     * {@link JsonNode} that is Java {@code null} when absent.
     */
    record Chunk(String id, String object, long created, String model, List<?> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode usage) {
    }
}
