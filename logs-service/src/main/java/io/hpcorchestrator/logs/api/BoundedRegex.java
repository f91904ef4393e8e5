package io.hpcorchestrator.logs.api;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions from requests, with a deadline: {@code java.util.regex} backtracks, and a pattern such as
 * {@code (a+)+b} can take hours on one line. The text is handed to the matcher through a view that checks the clock
 * as the matcher reads it, so a match past the deadline stops with {@link BudgetExceeded}.
 */
final class BoundedRegex {

    static final int MAX_PATTERN_LENGTH = 1000;

    /** The request's time for regular expressions is used up. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regular expression time budget exceeded", null, false, false);
        }
    }

    private BoundedRegex() {
    }

    static Pattern compile(String field, String regex) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidRequestException(field, "at most " + MAX_PATTERN_LENGTH + " characters");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRequestException(field, "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** Whether {@code pattern} occurs in {@code text}; throws {@link BudgetExceeded} once {@code deadlineNanos} has passed. */
    static boolean find(Pattern pattern, String text, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new BudgetExceeded();
        }
        return pattern.matcher(new Deadlined(text, deadlineNanos)).find();
    }

    /** Text that checks the clock every few thousand reads. */
    private static final class Deadlined implements CharSequence {
        private final String text;
        private final long deadlineNanos;
        private int reads;

        Deadlined(String text, long deadlineNanos) {
            this.text = text;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadlined(text.substring(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
