package io.hpcorchestrator.simulator;

/**
 * The simulator's stand-in for a real tokenizer, chosen to be simple enough to predict by eye: a token is a
 * maximal run of letters and digits, or one other visible character; whitespace separates tokens and is not
 * one. {@code "Hello, world!"} is 4 tokens ({@code Hello , world !}). No BOS or EOS tokens are added.
 * The generated text re-tokenizes to exactly its {@code completion_tokens}.
 */
final class Tokenizer {

    private Tokenizer() {
    }

    static int count(CharSequence text) {
        int tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            i += Character.charCount(codePoint);
            if (Character.isLetterOrDigit(codePoint)) {
                if (!inWord) {
                    tokens++;
                    inWord = true;
                }
            } else {
                inWord = false;
                if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)) {
                    tokens++;
                }
            }
        }
        return tokens;
    }
}
