package io.hpcorchestrator.simulator;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads and checks a completion or chat request the way vLLM's OpenAI server does, in the same order: the
 * body (400), the model (404), the chat template (400), then lengths against the context (400). Fields
 * that do not change the simulated output ({@code temperature}, {@code top_p}, {@code stop}, ...) are
 * accepted and ignored, as vLLM accepts unknown fields.
 */
final class RequestParser {

    /** vLLM's default {@code max_tokens} for the legacy completions API (chat defaults to the rest of the context). */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    /** vLLM's answer for models whose tokenizer has no chat template. */
    static final String NO_CHAT_TEMPLATE = "As of transformers v4.44, default chat template is no longer allowed, "
            + "so you must provide a chat template if the tokenizer does not define one.";

    private final SimulatorConfig config;
    private final ObjectMapper mapper;

    RequestParser(SimulatorConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    InferenceRequest parse(Endpoint endpoint, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Invalid JSON in request body: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        Prompt prompt = endpoint == Endpoint.CHAT ? chatPrompt(root) : completionPrompt(root);
        boolean stream = bool(root, "stream", false);
        JsonNode streamOptions = root.path("stream_options");
        boolean hasStreamOptions = !streamOptions.isMissingNode() && !streamOptions.isNull();
        if (hasStreamOptions && !streamOptions.isObject()) {
            throw ApiException.badRequest("stream_options", "stream_options must be an object");
        }
        if (hasStreamOptions && !stream) {
            throw ApiException.badRequest("stream_options", "Stream options can only be defined when `stream=True`.");
        }
        boolean includeUsage = hasStreamOptions && bool(streamOptions, "include_usage", false);
        boolean continuousUsage = hasStreamOptions && bool(streamOptions, "continuous_usage_stats", false);
        Integer maxTokens = endpoint == Endpoint.CHAT && present(root, "max_completion_tokens")
                ? integer(root, "max_completion_tokens") : integer(root, "max_tokens");
        Integer minTokens = integer(root, "min_tokens");
        Integer n = integer(root, "n");
        boolean ignoreEos = bool(root, "ignore_eos", false);
        Long seed = present(root, "seed") ? longValue(root, "seed") : null;
        if (maxTokens != null && maxTokens < 1) {
            throw ApiException.badRequest("max_tokens", "max_tokens must be at least 1, got " + maxTokens + ".");
        }
        if (minTokens != null && minTokens < 0) {
            throw ApiException.badRequest("min_tokens", "min_tokens must be greater than or equal to 0, got " + minTokens + ".");
        }
        if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
            throw ApiException.badRequest("min_tokens",
                    "min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + minTokens + ".");
        }
        if (n != null && n != 1) {
            throw ApiException.badRequest("n", "n must be 1: the simulator generates one choice per request, got " + n + ".");
        }

        String model = model(root);
        if (endpoint == Endpoint.CHAT && !config.chatTemplate()) {
            throw ApiException.badRequest(NO_CHAT_TEMPLATE);
        }
        int promptTokens = prompt.tokens();
        if (promptTokens >= config.maxModelLen()) {
            throw ApiException.badRequest("This model's maximum context length is " + config.maxModelLen()
                    + " tokens. However, your request has " + promptTokens
                    + " input tokens. Please reduce the length of the input messages.");
        }
        int remaining = config.maxModelLen() - promptTokens;
        if (maxTokens != null && maxTokens > remaining) {
            throw ApiException.badRequest("max_tokens", "'max_tokens' or 'max_completion_tokens' is too large: " + maxTokens
                    + ". This model's maximum context length is " + config.maxModelLen() + " tokens and your request has "
                    + promptTokens + " input tokens (" + maxTokens + " > " + config.maxModelLen() + " - " + promptTokens + ").");
        }
        int requested = maxTokens != null ? maxTokens
                : endpoint == Endpoint.COMPLETIONS ? Math.min(COMPLETIONS_DEFAULT_MAX_TOKENS, remaining) : remaining;
        int natural = ignoreEos ? requested : Math.max(config.maxOutputLen(), minTokens == null ? 0 : minTokens);
        int outputTokens = Math.min(requested, natural);
        String finishReason = outputTokens == requested ? "length" : "stop";
        long textSeed = PseudoText.seed(config.seed(), seed, model, prompt.text());
        return new InferenceRequest(endpoint, model, promptTokens, outputTokens, finishReason, textSeed, stream,
                includeUsage, continuousUsage);
    }

    /** The prompt as the tokenizer sees it; {@code text} also seeds the output. */
    private record Prompt(String text, int tokens) {
    }

    private String model(JsonNode root) {
        if (!present(root, "model")) {
            return config.models().get(0);
        }
        String model = string(root, "model");
        if (!config.models().contains(model)) {
            throw ApiException.modelNotFound(model);
        }
        return model;
    }

    private static Prompt completionPrompt(JsonNode root) {
        if (!present(root, "prompt")) {
            throw ApiException.badRequest("prompt", "Field required: prompt");
        }
        JsonNode prompt = root.get("prompt");
        if (prompt.isArray() && prompt.size() == 1 && (prompt.get(0).isString() || prompt.get(0).isArray())) {
            prompt = prompt.get(0);
        }
        if (prompt.isString()) {
            if (prompt.stringValue().isEmpty()) {
                throw ApiException.badRequest("prompt", "Prompt cannot be empty");
            }
            return new Prompt(prompt.stringValue(), Tokenizer.count(prompt.stringValue()));
        }
        if (prompt.isArray() && !prompt.isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (JsonNode id : prompt) {
                if (!id.isIntegralNumber()) {
                    throw ApiException.badRequest("prompt",
                            "prompt must be a string or a list of token ids; the simulator takes one prompt per request");
                }
                ids.add(id.asString());
            }
            return new Prompt(String.join(" ", ids), ids.size());
        }
        throw ApiException.badRequest("prompt", "prompt must be a non-empty string or a list of token ids");
    }

    /** The simulator's chat template: {@code <|role|>\ncontent\n} per message, then {@code <|assistant|>\n}. */
    private static Prompt chatPrompt(JsonNode root) {
        if (!present(root, "messages")) {
            throw ApiException.badRequest("messages", "Field required: messages");
        }
        JsonNode messages = root.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("messages", "messages must be a non-empty list");
        }
        StringBuilder templated = new StringBuilder();
        for (JsonNode message : messages) {
            if (!message.isObject() || !message.path("role").isString()) {
                throw ApiException.badRequest("messages", "every message needs a string role");
            }
            templated.append("<|").append(message.get("role").stringValue()).append("|>\n")
                    .append(content(message.path("content"))).append('\n');
        }
        templated.append("<|assistant|>\n");
        return new Prompt(templated.toString(), Tokenizer.count(templated));
    }

    private static String content(JsonNode content) {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw ApiException.badRequest("messages", "the simulator understands only text content parts");
                }
                text.append(part.get("text").stringValue());
            }
            return text.toString();
        }
        throw ApiException.badRequest("messages", "message content must be a string or a list of content parts");
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isString()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return value.stringValue();
    }

    private static Integer integer(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest(field, field + " must be an integer");
        }
        return value.intValue();
    }

    private static long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.badRequest(field, field + " must be an integer");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        if (!present(node, field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be a boolean");
        }
        return value.booleanValue();
    }
}
