package io.hpcorchestrator.client.metrics;

import org.HdrHistogram.Histogram;

/**
 * One latency's distribution, in microseconds: percentiles from an HdrHistogram (three significant digits, so a
 * percentile is within 0.1% of the exact value), mean and standard deviation exact (Welford's running sums), as
 * numpy computes them for vLLM (population standard deviation). Not thread-safe.
 */
public final class LatencyRecorder {

    private final Histogram histogram = new Histogram(3);
    private long count;
    private double mean;
    private double m2;

    public LatencyRecorder() {
        histogram.setAutoResize(true);
    }

    public void record(double micros) {
        double value = Math.max(0, micros);
        histogram.recordValue(Math.round(value));
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    public long count() {
        return count;
    }

    /** Milliseconds; 0 without values, as vLLM reports an empty list. */
    public double meanMs() {
        return count == 0 ? 0 : mean / 1000;
    }

    public double stdMs() {
        return count == 0 ? 0 : Math.sqrt(m2 / count) / 1000;
    }

    public double percentileMs(double percentile) {
        return count == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMs() {
        return count == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    /** The histogram itself, for the report's distribution charts. */
    public Histogram histogram() {
        return histogram;
    }
}
