package io.hpcorchestrator.monitoring.cluster;

/**
 * GPU counts from SLURM's GRES text: {@code gpu:a100:4(S:0-1)}, {@code gpu:4,shard:8}, used ones as
 * {@code gpu:a100:1(IDX:0)}. Commas inside parentheses ({@code (IDX:0-1,3)}) do not separate entries.
 */
final class Gres {

    private Gres() {
    }

    static int gpus(String gres) {
        if (gres == null || gres.isBlank()) {
            return 0;
        }
        int total = 0;
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= gres.length(); i++) {
            char c = i < gres.length() ? gres.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                total += gpusOf(gres.substring(start, i));
                start = i + 1;
            }
        }
        return total;
    }

    private static int gpusOf(String entry) {
        int paren = entry.indexOf('(');
        String[] parts = (paren >= 0 ? entry.substring(0, paren) : entry).strip().split(":");
        String kind = parts[0].startsWith("gres/") ? parts[0].substring(5) : parts[0];
        if (!kind.equals("gpu")) {
            return 0;
        }
        if (parts.length == 1) {
            return 1;
        }
        try {
            return Integer.parseInt(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            // gpu:a100 without a count means one.
            return 1;
        }
    }
}
