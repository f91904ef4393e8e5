package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {

    @ParameterizedTest(name = "''{0}'' is {1} tokens")
    @CsvSource(delimiter = '|', value = {
        "''|0",
        "'   '|0",
        "Hello|1",
        "'Hello, world!'|4",
        "'it''s 42nd'|4",
        "'<|user|>'|5",
        "'naïve café'|2",
        "'a\tb\nc'|3",
        "'x+y=z;'|6"
    })
    void wordsAndSingleSymbolsAreTokensWhitespaceIsNot(String text, int tokens) {
        assertThat(Tokenizer.count(text)).isEqualTo(tokens);
    }
}
