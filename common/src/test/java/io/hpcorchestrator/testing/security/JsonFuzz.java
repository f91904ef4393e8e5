package io.hpcorchestrator.testing.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile request bodies for an operation: malformed JSON, oversized values, wrongly typed and deeply nested
 * fields, built from the operation's own field names so that the bodies reach the code behind the parser.
 * Deterministic for a seed, so a failure can be replayed.
 */
public final class JsonFuzz {

    private static final String[] MALFORMED = {
        "", " ", "{", "}", "[", "\"", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,}", "[1,]", "{'a':1}", "{a:1}", "nul", "tru", "NaN",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":1e}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "/* c */{}", "{} {}",
        "\uFEFF{}", "{\"a\":\"\u0000\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}", "[]", "null", "true", "12", "\"text\"",
        "{\"\":null}", "{\"a\":1,\"a\":2}", "{\"a\":\"" + "\\".repeat(3) + "\"}",
    };

    private final Random random;

    public JsonFuzz(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} bodies for an operation whose body has {@code fields} at the top level. */
    public List<byte[]> bodies(Set<String> fields, int count) {
        List<String> names = new ArrayList<>(fields);
        names.add("unknown_field");
        List<byte[]> bodies = new ArrayList<>();
        for (String malformed : MALFORMED) {
            bodies.add(malformed.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0});
        bodies.add(("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(nest(names.get(0), 5_000).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"" + names.get(0) + "\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        while (bodies.size() < count) {
            bodies.add(object(names).getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private String object(List<String> names) {
        StringBuilder out = new StringBuilder("{");
        int size = random.nextInt(names.size() + 1);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(string(names.get(random.nextInt(names.size())))).append(':').append(value(0));
        }
        String body = out.append('}').toString();
        // One body in ten is cut short, which a parser must refuse without tripping over it.
        return random.nextInt(10) == 0 ? body.substring(0, random.nextInt(body.length())) : body;
    }

    private String value(int depth) {
        return switch (random.nextInt(depth > 3 ? 12 : 16)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "false";
            case 3 -> Long.toString(random.nextLong());
            case 4 -> "-1";
            case 5 -> "1e400";
            case 6 -> "9".repeat(400);
            case 7 -> "0.000000000000000000000000000001";
            case 8 -> string("");
            case 9 -> string(hostile());
            case 10 -> string("x".repeat(random.nextInt(100_000)));
            case 11 -> string(randomText(random.nextInt(64)));
            case 12 -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
            case 13 -> "{\"" + randomText(8).replace("\"", "") + "\":" + value(depth + 1) + "}";
            case 14 -> "{\"" + randomText(4).replace("\"", "") + "\":" + value(depth + 1) + ",\"k\":[" + value(depth + 1) + "]}";
            default -> "[".repeat(200) + "]".repeat(200);
        };
    }

    private String hostile() {
        String[] values = {"$(touch /tmp/pwned)", "`id`", "a;rm -rf /", "../../etc/passwd", "%2e%2e%2f", "\n#SBATCH --uid=0", "${HOME}",
            "' OR '1'='1", "<script>alert(1)</script>", "\u0000", "\r\n", "svc-" + "9".repeat(100), "inference/../../etc"};
        return values[random.nextInt(values.length)];
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0xD7FF)));
        }
        return text.toString();
    }

    private static String nest(String name, int depth) {
        return ("{\"" + name + "\":").repeat(depth) + "1" + "}".repeat(depth);
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
