package io.hpcorchestrator.render;

/**
 * The only way user data enters a rendered script. Every value becomes one shell word that bash reads
 * back byte for byte, and never spans lines: a value cannot end a quote, start a command, or put a new
 * {@code #SBATCH} line into the script.
 */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /**
     * Quotes {@code value} as a single bash word.
     *
     * <p>Plain text goes in single quotes, where bash interprets nothing; a single quote inside is written
     * as {@code '\''}. Text with control characters (newlines among them) goes in ANSI-C quotes {@code $'...'}
     * with those characters as {@code \xHH} escapes, so the script keeps one value per line.
     *
     * @throws IllegalArgumentException for NUL, which no shell word or environment value can hold
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain NUL");
        }
        if (value.chars().noneMatch(ShellQuoting::isControl)) {
            return "'" + value.replace("'", "'\\''") + "'";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 8).append("$'");
        value.chars().forEach(c -> {
            if (c == '\\' || c == '\'') {
                quoted.append('\\').append((char) c);
            } else if (isControl(c)) {
                quoted.append(String.format("\\x%02x", c));
            } else {
                quoted.append((char) c);
            }
        });
        return quoted.append('\'').toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }
}
