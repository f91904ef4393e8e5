package io.hpcorchestrator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            plain                 | 'plain'
            ""                    | ''
            it's                  | 'it'\\''s'
            $(id) `id` ${HOME}    | '$(id) `id` ${HOME}'
            a\\b                  | 'a\\b'
            """)
    void printableTextGoesInSingleQuotes(String value, String quoted) {
        assertThat(ShellQuoting.quote(value)).isEqualTo(quoted);
    }

    @Test
    void controlCharactersAreEscapedSoAValueNeverSpansLines() {
        assertThat(ShellQuoting.quote("a\nb")).isEqualTo("$'a\\x0ab'");
        assertThat(ShellQuoting.quote("tab\there, it's \\ \u007f")).isEqualTo("$'tab\\x09here, it\\'s \\\\ \\x7f'");
        assertThat(ShellQuoting.quote("line\n#SBATCH --uid=0")).doesNotContain("\n");
    }

    @Test
    void refusesNul() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
