package io.hpcorchestrator.logs.it;

/** Values from a Prometheus text exposition, as a test reads them. */
public final class Prometheus {

    private Prometheus() {
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labelPart} (empty for any). */
    public static double sum(String exposition, String name, String labelPart) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, Math.max(0, space));
            if ((series.equals(name) || series.startsWith(name + "{")) && series.contains(labelPart)) {
                sum += Double.parseDouble(line.substring(space + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no sample of " + name + " with " + labelPart);
        }
        return sum;
    }
}
