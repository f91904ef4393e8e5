package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hpcorchestrator.client.testing.Simulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The arrival process as requests actually leave the client, against a simulator that answers at once: over 1,500
 * requests at 100 per second the mean gap between sends is 1/rate, and their coefficient of variation is the Gamma
 * shape's (Poisson 1, burstiness 4 gives 0.5). The intended schedule is checked more tightly than the actual sends,
 * which carry the machine's scheduling jitter. Most requests leave within a millisecond or two of their intended time.
 */
class ArrivalProcessIT {

    private static final double RATE = 100;
    private static final int REQUESTS = 1500;

    private static Simulator simulator;
    private static InferenceClient client;

    @BeforeAll
    static void start() {
        simulator = Simulator.start("--ttft-ms", "0", "--itl-ms", "0");
        client = InferenceClient.forThisMachine();
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    @ParameterizedTest(name = "burstiness {0}: CV {1}")
    @CsvSource({"1, 1.0", "4, 0.5"})
    void sendsFollowTheGammaArrivalProcess(double burstiness, double expectedCv) {
        CollectingSink sink = new CollectingSink();
        BenchmarkRunner.Result result = new BenchmarkRunner(client, 4096).run(Plans.plan(simulator.baseUrl(), 1,
                List.of(LoadStep.openLoop(RATE, burstiness, null)), new StopCondition(REQUESTS, null, 300)), sink);
        assertThat(result.outcome()).isEqualTo(BenchmarkRunner.Outcome.COMPLETED);
        List<RequestRecord> records = sink.records();
        assertThat(records).hasSize(REQUESTS).allMatch(RequestRecord::success);

        Stats intended = gaps(records.stream().mapToLong(RequestRecord::intendedUs).toArray());
        Stats sent = gaps(records.stream().mapToLong(RequestRecord::sentUs).toArray());
        System.out.printf("arrivals burstiness %.0f: intended mean gap %.3f ms CV %.3f; sent mean gap %.3f ms CV %.3f%n", burstiness,
                intended.mean / 1000, intended.cv, sent.mean / 1000, sent.cv);
        double meanGapUs = 1e6 / RATE;
        assertThat(intended.mean).isCloseTo(meanGapUs, within(meanGapUs * 0.06));
        assertThat(intended.cv).isCloseTo(expectedCv, within(expectedCv * 0.08));
        // The actual sends keep the schedule's mean rate and, for most requests, its times. Their spread (CV, p99
        // delay) depends on how busy the machine is, so it is printed above rather than asserted.
        assertThat(sent.mean).isCloseTo(meanGapUs, within(meanGapUs * 0.06));

        long[] delays = records.stream().mapToLong(RequestRecord::sendDelayUs).sorted().toArray();
        // Well under the 10 ms mean gap, even when other work shares the two cores.
        assertThat(delays[delays.length / 2]).as("median send delay, us").isLessThan(10_000);
    }

    private record Stats(double mean, double cv) {
    }

    private static Stats gaps(long[] times) {
        double sum = 0;
        double squares = 0;
        int n = times.length - 1;
        for (int i = 0; i < n; i++) {
            double gap = times[i + 1] - times[i];
            sum += gap;
            squares += gap * gap;
        }
        double mean = sum / n;
        return new Stats(mean, Math.sqrt(squares / n - mean * mean) / mean);
    }
}
