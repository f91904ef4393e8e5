package io.hpcorchestrator.logs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static LineSplitter.Split split(String text, int maxLineBytes, boolean complete) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return LineSplitter.split(data, data.length, maxLineBytes, complete);
    }

    private static List<String> texts(LineSplitter.Split split) {
        return split.lines().stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void completeLinesComeOutAndAPartialLastLineWaits() {
        LineSplitter.Split split = split("one\ntwo\r\n\nthr", 100, false);
        assertThat(texts(split)).containsExactly("one", "two", "");
        assertThat(split.consumed()).isEqualTo(10);
    }

    @Test
    void aPartialLastLineIsALineWhenTheFileIsComplete() {
        LineSplitter.Split split = split("one\nthr", 100, true);
        assertThat(texts(split)).containsExactly("one", "thr");
        assertThat(split.consumed()).isEqualTo(7);
    }

    @Test
    void nothingButAPartialLineConsumesNothing() {
        LineSplitter.Split split = split("no newline yet", 100, false);
        assertThat(split.lines()).isEmpty();
        assertThat(split.consumed()).isZero();
    }

    @Test
    void longLinesComeOutInPiecesOfAtMostTheLimit() {
        LineSplitter.Split split = split("a".repeat(25) + "\n", 10, false);
        assertThat(texts(split)).containsExactly("a".repeat(10), "a".repeat(10), "a".repeat(5));
        assertThat(split.consumed()).isEqualTo(26);
    }

    @Test
    void anEndlessPartialLineGoesOutInFullPiecesAndKeepsItsTail() {
        LineSplitter.Split split = split("b".repeat(25), 10, false);
        assertThat(texts(split)).containsExactly("b".repeat(10), "b".repeat(10));
        assertThat(split.consumed()).isEqualTo(20);
    }

    @Test
    void piecesAreCutBetweenUtf8Characters() {
        // "é" is two bytes: a cut after 5 bytes would split the third one.
        LineSplitter.Split split = split("éééééé\n", 5, false);
        assertThat(texts(split)).containsExactly("éé", "éé", "éé");
        assertThat(String.join("", texts(split))).isEqualTo("éééééé");
    }

    @Test
    void emptyInputIsNothing() {
        LineSplitter.Split split = split("", 10, true);
        assertThat(split.lines()).isEmpty();
        assertThat(split.consumed()).isZero();
    }
}
