package io.hpcorchestrator.client.load;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A prompt given by the user.
 *
 * @param text      the prompt (the user message for chat)
 * @param outputLen its {@code max_tokens}, or null for the dataset's {@code output_len}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Prompt(String text, Integer outputLen) {
}
