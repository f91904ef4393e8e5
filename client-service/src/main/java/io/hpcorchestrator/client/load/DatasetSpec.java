package io.hpcorchestrator.client.load;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where prompts come from. Synthetic prompts are words drawn with a fixed seed, so the same request index always
 * gets the same prompt and the same lengths, whichever step or run sends it.
 *
 * @param type         synthetic words, or the user's prompts (cycled in order)
 * @param inputLen     synthetic prompt length in words (about one token each), the mean of the distribution
 * @param outputLen    {@code max_tokens} per request, the mean of the distribution for synthetic prompts
 * @param rangeRatio   spread: uniform lengths in {@code [len * (1 - r), len * (1 + r)]} as vLLM's
 *                     {@code --random-range-ratio}; for normal lengths the standard deviation is {@code r * len}
 * @param distribution how lengths vary around their means
 * @param seed         makes prompts and arrival gaps reproducible
 * @param prompts      the user's prompts, for {@link Type#PROMPTS}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetSpec(Type type, int inputLen, int outputLen, double rangeRatio, LengthDistribution distribution, long seed,
        List<Prompt> prompts) {

    public DatasetSpec {
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
    }

    public enum Type {
        SYNTHETIC, PROMPTS;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    public enum LengthDistribution {
        FIXED, UNIFORM, NORMAL;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static LengthDistribution of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
