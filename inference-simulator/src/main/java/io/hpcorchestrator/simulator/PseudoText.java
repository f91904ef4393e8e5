package io.hpcorchestrator.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-words, one token at a time. The same seed gives the same sequence, so a request
 * repeated with a larger {@code max_tokens} gets a longer text that starts with the shorter one. Each token
 * is one word or one punctuation mark, so {@link Tokenizer} counts the text as exactly as many tokens as
 * were generated.
 */
final class PseudoText {

    private static final String[] WORDS = {
        "the", "cluster", "node", "job", "queue", "model", "token", "batch", "signal", "memory", "kernel", "tensor",
        "simulated", "answer", "latency", "slurm", "service", "request", "stream", "gateway", "partition", "layer",
        "weight", "cache", "prompt", "value", "vector", "is", "and", "of", "to", "runs", "waits", "returns", "a",
        "with", "on", "in", "every", "quiet", "steady", "small", "large", "first", "next", "then", "because",
        "scheduler", "allocation", "throughput", "benchmark", "result", "output", "input", "context", "window"
    };

    private final SplittableRandom random;
    private final boolean leadingSpace;
    private int produced;
    private int wordsSincePunctuation;
    private boolean capitalizeNext = true;

    /** @param leadingSpace whether the first token starts with a space, as a continuation of a prompt does */
    PseudoText(long seed, boolean leadingSpace) {
        this.random = new SplittableRandom(seed);
        this.leadingSpace = leadingSpace;
    }

    String next() {
        boolean first = produced++ == 0;
        if (!first && wordsSincePunctuation >= 4 && random.nextInt(6) == 0) {
            wordsSincePunctuation = 0;
            boolean fullStop = random.nextBoolean();
            capitalizeNext = fullStop;
            return fullStop ? "." : ",";
        }
        wordsSincePunctuation++;
        String word = WORDS[random.nextInt(WORDS.length)];
        if (capitalizeNext) {
            word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            capitalizeNext = false;
        }
        return first && !leadingSpace ? word : " " + word;
    }

    /** A stable 64-bit seed (FNV-1a) from the parts that identify a request. */
    static long seed(long globalSeed, Long requestSeed, String... parts) {
        long hash = 0xcbf29ce484222325L ^ globalSeed;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash = (hash ^ 0xff) * 0x100000001b3L;
        }
        return requestSeed == null ? hash : hash ^ (requestSeed * 0x9e3779b97f4a7c15L);
    }
}
