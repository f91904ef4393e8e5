package io.hpcorchestrator.client.load;

import java.util.SplittableRandom;

/**
 * Gaps between request arrivals as vLLM's serving benchmark draws them: Gamma-distributed with shape
 * {@code burstiness} and scale {@code 1 / (rate * burstiness)}, so the mean gap is {@code 1 / rate} whatever the
 * shape, and the coefficient of variation is {@code 1 / sqrt(burstiness)}: 1 for a Poisson process, 0.5 for
 * burstiness 4, more bursty below 1. An infinite rate gives gaps of zero. Not thread-safe; one per step.
 */
public final class GammaArrivals {

    private final double rate;
    private final double shape;
    private final double scale;
    private final SplittableRandom random;

    public GammaArrivals(double rate, double burstiness, long seed) {
        if (!(rate > 0) || !(burstiness > 0)) {
            throw new IllegalArgumentException("rate and burstiness must be positive");
        }
        this.rate = rate;
        this.shape = burstiness;
        this.scale = 1.0 / (rate * burstiness);
        this.random = new SplittableRandom(seed);
    }

    /** The gap before the next arrival, in seconds. */
    public double nextGapSeconds() {
        if (Double.isInfinite(rate)) {
            return 0;
        }
        return gamma(shape, random) * scale;
    }

    /**
     * Marsaglia and Tsang's method (ACM TOMS 26(3), 2000) for shape >= 1; smaller shapes use
     * {@code Gamma(a) = Gamma(a + 1) * U^(1/a)}.
     */
    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
