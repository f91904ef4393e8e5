package io.hpcorchestrator.client.load;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Prompts by request index. Synthetic prompts are drawn from a random generator seeded with the dataset's seed and
 * the index, so a prompt does not depend on which requests were sent before it.
 */
public final class Dataset {

    /**
     * Common English words: most are one token in the tokenizers of current models (with their leading space), and
     * exactly one in the simulator's, so a prompt of n words is about n tokens.
     */
    private static final List<String> WORDS = java.util.Arrays.stream(("the of and to in is was for on that with as by at from his it an were are "
            + "which this be or has had first one their its new after who they two her she been other when there all during into "
            + "school time may years more most only over city some world would where later up such used many can state about "
            + "national out known university united then made team people three year well these both under film before between "
            + "since high him part found district could series through area being work game use through season club large named "
            + "group music best well life back early like house water place found long small second way each family major same "
            + "found last around road north south west east river town line show head old own group main public local power "
            + "church great end left right point day four five six seven eight nine ten light number country field form make "
            + "open free hand order game word sound air land model service data cloud node graph batch queue token paper story")
            .split(" ")).distinct().toList();

    private final DatasetSpec spec;

    public Dataset(DatasetSpec spec) {
        this.spec = spec;
    }

    /**
     * The prompt for request {@code index}.
     *
     * @return the text, an estimate of its tokens (used when the server reports no usage), and its {@code max_tokens}
     */
    public Sample sample(long index) {
        if (spec.type() == DatasetSpec.Type.PROMPTS) {
            Prompt prompt = spec.prompts().get((int) (index % spec.prompts().size()));
            int output = prompt.outputLen() != null ? prompt.outputLen() : spec.outputLen();
            return new Sample(prompt.text(), estimateTokens(prompt.text()), output);
        }
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + index);
        int input = length(spec.inputLen(), random);
        int output = length(spec.outputLen(), random);
        StringBuilder text = new StringBuilder(input * 6);
        for (int i = 0; i < input; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return new Sample(text.toString(), input, output);
    }

    private int length(int mean, SplittableRandom random) {
        double r = spec.rangeRatio();
        return switch (spec.distribution()) {
            case FIXED -> mean;
            case UNIFORM -> {
                int low = Math.max(1, (int) (mean * (1 - r)));
                int high = Math.max(low, (int) (mean * (1 + r)));
                yield low + random.nextInt(high - low + 1);
            }
            case NORMAL -> (int) Math.max(1, Math.min(2L * mean, Math.round(mean + random.nextGaussian() * r * mean)));
        };
    }

    /** Runs of letters or digits, and every other visible character, as the simulator's tokenizer counts. */
    static int estimateTokens(String text) {
        int tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    tokens++;
                }
                inWord = true;
            } else {
                inWord = false;
                if (!Character.isWhitespace(c)) {
                    tokens++;
                }
            }
        }
        return tokens;
    }

    /**
     * @param text            the prompt
     * @param estimatedTokens its length in tokens as far as the client can tell
     * @param maxTokens       the request's {@code max_tokens}
     */
    public record Sample(String text, int estimatedTokens, int maxTokens) {
    }
}
