package io.hpcorchestrator.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * SLURM's hostlist syntax: {@code mel[2106-2108,2110],gpu01}. Ranges keep their zero padding
 * ({@code n[08-10]} is {@code n08 n09 n10}); several bracket groups in one name multiply out.
 */
public final class Hostlist {

    private static final int MAX_HOSTS = 100_000;
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("\\d+(-\\d+)?");

    private Hostlist() {
    }

    public static List<String> expand(String hostlist) {
        List<String> hosts = new ArrayList<>();
        if (hostlist == null || hostlist.isBlank() || hostlist.equals("(null)")) {
            return hosts;
        }
        for (String item : splitTopLevel(hostlist.strip())) {
            expandItem(item, hosts);
        }
        return hosts;
    }

    /** Splits on commas outside brackets. */
    private static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced bracket in hostlist '" + text + "'");
                }
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced bracket in hostlist '" + text + "'");
        }
        items.add(text.substring(start));
        return items.stream().filter(item -> !item.isEmpty()).toList();
    }

    private static void expandItem(String item, List<String> out) {
        int open = item.indexOf('[');
        if (open < 0) {
            add(out, item);
            return;
        }
        int close = item.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unbalanced bracket in hostlist '" + item + "'");
        }
        String prefix = item.substring(0, open);
        String suffix = item.substring(close + 1);
        String ranges = item.substring(open + 1, close);
        if (ranges.contains("[")) {
            throw new IllegalArgumentException("nested bracket in hostlist '" + item + "'");
        }
        for (String range : ranges.split(",", -1)) {
            if (!RANGE.matcher(range).matches()) {
                throw new IllegalArgumentException("bad range '" + range + "' in hostlist '" + item + "'");
            }
            int dash = range.indexOf('-');
            if (dash < 0) {
                expandItem(prefix + range + suffix, out);
                continue;
            }
            String from = range.substring(0, dash);
            String to = range.substring(dash + 1);
            long first = Long.parseLong(from);
            long last = Long.parseLong(to);
            if (last < first || last - first > MAX_HOSTS) {
                throw new IllegalArgumentException("bad range '" + range + "' in hostlist '" + item + "'");
            }
            int width = from.length();
            for (long n = first; n <= last; n++) {
                expandItem(prefix + String.format("%0" + width + "d", n) + suffix, out);
            }
        }
    }

    private static void add(List<String> out, String host) {
        if (out.size() >= MAX_HOSTS) {
            throw new IllegalArgumentException("hostlist expands to more than " + MAX_HOSTS + " hosts");
        }
        out.add(host);
    }
}
