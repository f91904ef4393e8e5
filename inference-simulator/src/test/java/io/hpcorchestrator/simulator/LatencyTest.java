package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void jitterSpreadsSamplesEvenlyAroundTheConfiguredValue() {
        SplittableRandom random = new SplittableRandom(1);
        Latency latency = new Latency(50, 10);

        long[] samples = LongStream.range(0, 10_000).map(i -> latency.sampleNanos(random)).toArray();

        assertThat(LongStream.of(samples).min().orElseThrow()).isGreaterThanOrEqualTo(40_000_000L);
        assertThat(LongStream.of(samples).max().orElseThrow()).isLessThanOrEqualTo(60_000_000L);
        assertThat(LongStream.of(samples).average().orElseThrow()).isBetween(49_500_000.0, 50_500_000.0);
    }

    @Test
    void samplesAreNeverNegativeAndNegativeSettingsAreRefused() {
        SplittableRandom random = new SplittableRandom(2);

        assertThat(LongStream.range(0, 1000).map(i -> new Latency(1, 5).sampleNanos(random)).min().orElseThrow()).isNotNegative();
        assertThat(Latency.fixed(3).sampleNanos(random)).isEqualTo(3_000_000L);
        assertThatThrownBy(() -> new Latency(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
