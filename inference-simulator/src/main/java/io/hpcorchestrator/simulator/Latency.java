package io.hpcorchestrator.simulator;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A configured delay: {@code millis} on average, spread uniformly over {@code millis ± jitterMillis}, never
 * negative. Symmetric jitter keeps the mean where the user put it, so benchmark results stay comparable.
 */
public record Latency(long millis, long jitterMillis) {

    public Latency {
        if (millis < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("latency and jitter must not be negative: " + millis + " ms ± " + jitterMillis + " ms");
        }
    }

    public static Latency fixed(long millis) {
        return new Latency(millis, 0);
    }

    long sampleNanos(RandomGenerator random) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        if (jitterMillis == 0) {
            return nanos;
        }
        long jitter = TimeUnit.MILLISECONDS.toNanos(jitterMillis);
        return Math.max(0, nanos + random.nextLong(-jitter, jitter + 1));
    }

    @Override
    public String toString() {
        return jitterMillis == 0 ? millis + " ms" : millis + "±" + jitterMillis + " ms";
    }
}
