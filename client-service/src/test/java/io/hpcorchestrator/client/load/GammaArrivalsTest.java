package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arrival process as vLLM's benchmark draws it: mean gap 1/rate, coefficient of variation 1/sqrt(burstiness). */
class GammaArrivalsTest {

    private static final int SAMPLES = 200_000;

    @ParameterizedTest(name = "rate {0}/s, burstiness {1}: CV {2}")
    @CsvSource({"10, 1, 1.0", "10, 4, 0.5", "250, 0.25, 2.0", "0.5, 16, 0.25", "3, 1.7, 0.766965"})
    void meanGapIsOneOverTheRateAndTheVariationFollowsTheShape(double rate, double burstiness, double expectedCv) {
        GammaArrivals arrivals = new GammaArrivals(rate, burstiness, 42);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double gap = arrivals.nextGapSeconds();
            assertThat(gap).isGreaterThanOrEqualTo(0);
            sum += gap;
            sumOfSquares += gap * gap;
        }
        double mean = sum / SAMPLES;
        double cv = Math.sqrt(sumOfSquares / SAMPLES - mean * mean) / mean;
        assertThat(mean).isCloseTo(1 / rate, within(0.01 / rate * expectedCv + 0.005 / rate));
        assertThat(cv).isCloseTo(expectedCv, within(0.02 * expectedCv + 0.01));
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        GammaArrivals a = new GammaArrivals(5, 1, 7);
        GammaArrivals b = new GammaArrivals(5, 1, 7);
        GammaArrivals c = new GammaArrivals(5, 1, 8);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            double gap = a.nextGapSeconds();
            assertThat(b.nextGapSeconds()).isEqualTo(gap);
            differs |= c.nextGapSeconds() != gap;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void anInfiniteRateSendsEverythingAtOnce() {
        GammaArrivals arrivals = new GammaArrivals(Double.POSITIVE_INFINITY, 1, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(arrivals.nextGapSeconds()).isZero();
        }
    }

    @Test
    void ratesAndShapesMustBePositive() {
        assertThatThrownBy(() -> new GammaArrivals(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GammaArrivals(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GammaArrivals(Double.NaN, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
