package io.hpcorchestrator.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus histogram with fixed buckets. Observations and rendering share one lock so a scrape never
 * sees a {@code _count} that disagrees with its buckets.
 */
final class Histogram {

    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    /** vLLM's token-count buckets: 1, 2, 5, 10, 20, 50, ... up to {@code max}. */
    static Histogram oneTwoFive(int max) {
        List<Double> bounds = new ArrayList<>();
        for (long magnitude = 1; magnitude <= max; magnitude *= 10) {
            for (int step : new int[] {1, 2, 5}) {
                if (magnitude * step <= max) {
                    bounds.add((double) (magnitude * step));
                }
            }
        }
        return new Histogram(bounds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    synchronized void observe(double value) {
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        counts[bucket]++;
        sum += value;
        count++;
    }

    synchronized void render(StringBuilder out, String name, String help, String labels) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
            out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ")
                    .append((double) cumulative).append('\n');
        }
        out.append(name).append("_count{").append(labels).append("} ").append((double) count).append('\n');
        out.append(name).append("_sum{").append(labels).append("} ").append(sum).append('\n');
    }
}
