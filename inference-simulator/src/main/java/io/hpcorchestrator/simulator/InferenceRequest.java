package io.hpcorchestrator.simulator;

/**
 * A validated generation request, reduced to what the simulation needs.
 *
 * @param model            the model name as requested (echoed in responses)
 * @param promptTokens     prompt length by {@link Tokenizer} (chat: of the templated conversation)
 * @param outputTokens     how many tokens will be generated
 * @param finishReason     {@code length} when {@code max_tokens} ends the output, {@code stop} when the
 *                         simulated model's natural length does
 * @param seed             seed of the pseudo-text
 * @param stream           answer as server-sent events
 * @param includeUsage     {@code stream_options.include_usage}: a final chunk with the usage
 * @param continuousUsage  {@code stream_options.continuous_usage_stats} (a vLLM extension): usage in every chunk
 */
record InferenceRequest(
        Endpoint endpoint,
        String model,
        int promptTokens,
        int outputTokens,
        String finishReason,
        long seed,
        boolean stream,
        boolean includeUsage,
        boolean continuousUsage) {
}
