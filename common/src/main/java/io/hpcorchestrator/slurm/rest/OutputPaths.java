package io.hpcorchestrator.slurm.rest;

/**
 * The few filename patterns of {@code sbatch --output} that a reader of job output needs: {@code %j} (job
 * id), {@code %x} (job name), {@code %u} (user), {@code %N} (the batch host), {@code %A} (same as %j outside
 * arrays) and {@code %%}, with sbatch's zero padding ({@code %4j}). Slurm 24.11 already reports expanded
 * paths; 22.05 reports them as written. Other patterns are left as they are.
 */
final class OutputPaths {

    private OutputPaths() {
    }

    static String resolve(String path, long jobId, String name, String user, String batchHost, String workDir) {
        String expanded = expand(path, jobId, name, user, batchHost);
        if (!expanded.startsWith("/") && workDir != null && !workDir.isBlank()) {
            return workDir.endsWith("/") ? workDir + expanded : workDir + "/" + expanded;
        }
        return expanded;
    }

    static String expand(String path, long jobId, String name, String user, String batchHost) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '%' || i + 1 >= path.length()) {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < path.length() && Character.isDigit(path.charAt(j))) {
                j++;
            }
            if (j >= path.length()) {
                out.append(path, i, j);
                break;
            }
            int width = j > i + 1 ? Math.min(Integer.parseInt(path.substring(i + 1, j)), 10) : 0;
            String value = switch (path.charAt(j)) {
                case 'j', 'A' -> pad(Long.toString(jobId), width);
                case 'x' -> name;
                case 'u' -> user;
                case 'N' -> batchHost;
                case '%' -> j == i + 1 ? "%" : null;
                default -> null;
            };
            out.append(value == null ? path.substring(i, j + 1) : value);
            i = j + 1;
        }
        return out.toString();
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
