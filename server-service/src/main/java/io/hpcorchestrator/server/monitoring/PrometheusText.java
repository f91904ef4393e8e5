package io.hpcorchestrator.server.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds labels to every sample of a Prometheus text exposition (format 0.0.4), leaving comments and values alone.
 *
 * <p>A sample that already carries one of the labels keeps its own value as {@code exported_<name>}, as Prometheus
 * itself does when a target's labels collide with scraped ones. Lines this class cannot read are passed through
 * unchanged: Prometheus would reject them either way, and the rest of the answer is still worth having.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /** {@code text} with {@code labels} on each sample; OpenMetrics' {@code # EOF} is dropped so answers can be joined. */
    static String withLabels(String text, Map<String, String> labels) {
        StringBuilder out = new StringBuilder(text.length() + 256);
        String added = render(labels);
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.equals("# EOF")) {
                continue;
            }
            out.append(line.startsWith("#") ? line : sample(line, labels, added)).append('\n');
        }
        return out.toString();
    }

    /** One gauge sample with its HELP and TYPE lines. */
    static String gauge(String name, String help, Map<String, String> labels, double value) {
        return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + "{" + render(labels) + "} " + number(value) + "\n";
    }

    /** A label value as the text format writes it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String render(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        labels.forEach((name, value) -> out.append(out.isEmpty() ? "" : ",").append(name).append("=\"").append(escape(value)).append('"'));
        return out.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String sample(String line, Map<String, String> labels, String added) {
        int open = nameEnd(line);
        if (open < line.length() && line.charAt(open) == '{') {
            int close = blockEnd(line, open);
            if (close < 0) {
                return line;
            }
            Map<String, String> existing = parse(line.substring(open + 1, close));
            if (existing == null) {
                return line;
            }
            StringBuilder block = new StringBuilder();
            existing.forEach((name, quoted) -> block.append(block.isEmpty() ? "" : ",")
                    .append(labels.containsKey(name) ? "exported_" + name : name).append('=').append(quoted));
            if (!added.isEmpty()) {
                block.append(block.isEmpty() ? "" : ",").append(added);
            }
            return line.substring(0, open) + "{" + block + "}" + line.substring(close + 1);
        }
        if (open == 0 || added.isEmpty()) {
            return line;
        }
        return line.substring(0, open) + "{" + added + "}" + line.substring(open);
    }

    /** Where the metric name ends: at its label block or the space before the value. */
    private static int nameEnd(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index of the {@code }} closing the label block at {@code open}, skipping quoted values; -1 when there is none. */
    private static int blockEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                return i;
            }
        }
        return -1;
    }

    /** {@code a="1",b="x\"y"} into name to quoted value, in order; null when it is not a label list. */
    private static Map<String, String> parse(String block) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (true) {
            while (i < block.length() && (block.charAt(i) == ',' || Character.isWhitespace(block.charAt(i)))) {
                i++;
            }
            if (i >= block.length()) {
                return labels;
            }
            int equals = block.indexOf('=', i);
            if (equals < 0) {
                return null;
            }
            String name = block.substring(i, equals).strip();
            int start = equals + 1;
            while (start < block.length() && Character.isWhitespace(block.charAt(start))) {
                start++;
            }
            if (name.isEmpty() || start >= block.length() || block.charAt(start) != '"') {
                return null;
            }
            int end = start + 1;
            while (end < block.length() && block.charAt(end) != '"') {
                end += block.charAt(end) == '\\' ? 2 : 1;
            }
            if (end >= block.length()) {
                return null;
            }
            labels.put(name, block.substring(start, end + 1));
            i = end + 1;
        }
    }
}
