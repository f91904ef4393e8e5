package io.hpcorchestrator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BoundedRegexTest {

    @Test
    void findsLikeAnyPattern() {
        Pattern pattern = BoundedRegex.compile("q", "line [0-9]+$");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        assertThat(BoundedRegex.find(pattern, "line 42", deadline)).isTrue();
        assertThat(BoundedRegex.find(pattern, "line x", deadline)).isFalse();
    }

    @Test
    void catastrophicBacktrackingStopsAtTheDeadline() {
        // Java's matcher takes seconds at 30 characters and about doubles per character more.
        Pattern pattern = BoundedRegex.compile("q", "(.*a){12}$");
        long start = System.nanoTime();
        assertThatThrownBy(() -> BoundedRegex.find(pattern, "a".repeat(60) + "b", start + Duration.ofMillis(200).toNanos()))
                .isInstanceOf(BoundedRegex.BudgetExceeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anInvalidPatternNamesTheParameter() {
        assertThatThrownBy(() -> BoundedRegex.compile("q", "([a-"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("q: not a valid regular expression");
    }

    @Test
    void aHugePatternIsRefused() {
        assertThatThrownBy(() -> BoundedRegex.compile("q", "a".repeat(1001))).isInstanceOf(InvalidRequestException.class);
    }
}
