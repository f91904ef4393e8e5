package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static DatasetSpec synthetic(int input, int output, double ratio, DatasetSpec.LengthDistribution distribution, long seed) {
        return new DatasetSpec(DatasetSpec.Type.SYNTHETIC, input, output, ratio, distribution, seed, List.of());
    }

    @Test
    void syntheticPromptsHaveTheirLengthInTokensAsTheSimulatorCountsThem() {
        Dataset dataset = new Dataset(synthetic(100, 20, 0, DatasetSpec.LengthDistribution.FIXED, 0));
        for (int i = 0; i < 50; i++) {
            Dataset.Sample sample = dataset.sample(i);
            assertThat(sample.estimatedTokens()).isEqualTo(100);
            assertThat(Dataset.estimateTokens(sample.text())).isEqualTo(100);
            assertThat(sample.maxTokens()).isEqualTo(20);
        }
    }

    @Test
    void aPromptDependsOnlyOnTheSeedAndItsIndex() {
        Dataset one = new Dataset(synthetic(64, 16, 0.5, DatasetSpec.LengthDistribution.UNIFORM, 3));
        Dataset again = new Dataset(synthetic(64, 16, 0.5, DatasetSpec.LengthDistribution.UNIFORM, 3));
        Dataset other = new Dataset(synthetic(64, 16, 0.5, DatasetSpec.LengthDistribution.UNIFORM, 4));
        assertThat(again.sample(17)).isEqualTo(one.sample(17));
        assertThat(one.sample(17)).isNotEqualTo(one.sample(18));
        assertThat(other.sample(17)).isNotEqualTo(one.sample(17));
    }

    @Test
    void uniformLengthsStayInTheirRangeAndAverageTheirMean() {
        Dataset dataset = new Dataset(synthetic(200, 100, 0.5, DatasetSpec.LengthDistribution.UNIFORM, 0));
        double inputSum = 0;
        for (int i = 0; i < 4000; i++) {
            Dataset.Sample sample = dataset.sample(i);
            assertThat(sample.estimatedTokens()).isBetween(100, 300);
            assertThat(sample.maxTokens()).isBetween(50, 150);
            inputSum += sample.estimatedTokens();
        }
        assertThat(inputSum / 4000).isCloseTo(200, within(4.0));
    }

    @Test
    void normalLengthsHaveTheirSpread() {
        Dataset dataset = new Dataset(synthetic(1000, 10, 0.1, DatasetSpec.LengthDistribution.NORMAL, 0));
        double sum = 0;
        double squares = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            int length = dataset.sample(i).estimatedTokens();
            sum += length;
            squares += (double) length * length;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(1000, within(6.0));
        assertThat(Math.sqrt(squares / n - mean * mean)).isCloseTo(100, within(6.0));
    }

    @Test
    void givenPromptsAreCycledWithTheirOwnOutputLengths() {
        Dataset dataset = new Dataset(new DatasetSpec(DatasetSpec.Type.PROMPTS, 0, 32, 0, DatasetSpec.LengthDistribution.FIXED, 0,
                List.of(new Prompt("Hello, world!", null), new Prompt("Tell me a story", 200))));
        assertThat(dataset.sample(0)).isEqualTo(new Dataset.Sample("Hello, world!", 4, 32));
        assertThat(dataset.sample(1)).isEqualTo(new Dataset.Sample("Tell me a story", 4, 200));
        assertThat(dataset.sample(2).text()).isEqualTo("Hello, world!");
    }
}
