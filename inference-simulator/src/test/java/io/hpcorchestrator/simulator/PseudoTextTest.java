package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PseudoTextTest {

    @Test
    void theSameSeedGivesTheSameWordsAndEachTokenCountsAsOne() {
        String first = generate(42, 200, true);

        assertThat(generate(42, 200, true)).isEqualTo(first);
        assertThat(generate(43, 200, true)).isNotEqualTo(first);
        assertThat(Tokenizer.count(first)).isEqualTo(200);
        assertThat(first).contains(".").startsWith(" ");
    }

    @Test
    void chatAnswersStartWithoutASpace() {
        assertThat(generate(1, 3, false)).doesNotStartWith(" ");
    }

    @Test
    void seedsDependOnEveryPartAndOnTheRequestSeed() {
        long base = PseudoText.seed(0, null, "model", "prompt");

        assertThat(PseudoText.seed(0, null, "model", "prompt")).isEqualTo(base);
        assertThat(PseudoText.seed(0, null, "model", "prompt!")).isNotEqualTo(base);
        assertThat(PseudoText.seed(0, null, "modelp", "rompt")).isNotEqualTo(base);
        assertThat(PseudoText.seed(1, null, "model", "prompt")).isNotEqualTo(base);
        assertThat(PseudoText.seed(0, 5L, "model", "prompt")).isNotEqualTo(base);
    }

    private static String generate(long seed, int tokens, boolean leadingSpace) {
        PseudoText text = new PseudoText(seed, leadingSpace);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            out.append(text.next());
        }
        return out.toString();
    }
}
