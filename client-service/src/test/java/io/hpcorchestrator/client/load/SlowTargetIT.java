package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.client.metrics.StepMetrics;
import io.hpcorchestrator.client.testing.Simulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An open loop against a target far slower than the load: the simulator serves two requests at a time, each taking
 * 300 ms to the first token and 380 ms in all (about 5 requests per second), and requests arrive at 20 per second.
 * The client must keep the arrival schedule whatever the answers do (no coordinated omission), and the queueing must
 * show in the latencies: at the target, in TTFT itself; behind a client-side {@code max_concurrency}, in the latency
 * from the intended send time.
 */
class SlowTargetIT {

    private static final double RATE = 20;
    private static final int REQUESTS = 60;

    private static Simulator slow;
    private static InferenceClient client;

    @BeforeAll
    static void start() {
        slow = Simulator.start("--ttft-ms", "300", "--itl-ms", "20", "--max-num-seqs", "2");
        client = InferenceClient.forThisMachine();
    }

    @AfterAll
    static void stop() {
        client.close();
        slow.close();
    }

    private static List<RequestRecord> run(Integer maxConcurrency) {
        CollectingSink sink = new CollectingSink();
        BenchmarkRunner.Result result = new BenchmarkRunner(client, 4096).run(Plans.plan(slow.baseUrl(), 5,
                List.of(LoadStep.openLoop(RATE, 1, maxConcurrency)), new StopCondition(REQUESTS, null, 0)), sink);
        assertThat(result.outcome()).isEqualTo(BenchmarkRunner.Outcome.COMPLETED);
        List<RequestRecord> records = sink.records();
        assertThat(records).hasSize(REQUESTS).allMatch(RequestRecord::success);
        return records;
    }

    private static double medianMs(List<RequestRecord> records, java.util.function.ToLongFunction<RequestRecord> value) {
        long[] values = records.stream().mapToLong(value).sorted().toArray();
        return values[values.length / 2] / 1000.0;
    }

    @Test
    void theScheduleIsKeptAndTheTargetsQueueShowsInTtft() {
        List<RequestRecord> records = run(null);
        long maxDelay = records.stream().mapToLong(RequestRecord::sendDelayUs).max().orElseThrow();
        long lastIntended = records.get(REQUESTS - 1).intendedUs();
        long lastSent = records.get(REQUESTS - 1).sentUs();
        Map<String, Object> result = metrics(records);
        System.out.printf("slow target, open loop: max send delay %.1f ms, last send at %.2f s (intended %.2f s), TTFT first 10 %.0f ms, "
                + "last 10 %.0f ms, max in flight %s%n", maxDelay / 1000.0, lastSent / 1e6, lastIntended / 1e6,
                medianMs(records.subList(0, 10), RequestRecord::ttftUs), medianMs(records.subList(REQUESTS - 10, REQUESTS), RequestRecord::ttftUs),
                result.get("max_concurrent_requests"));

        // Every request left on schedule although answers took seconds: nothing waited for an answer to send. (A send
        // counts from when the request body is written, so a new connection's handshake is in it; a busy machine
        // stretches a few of those.)
        long[] delays = records.stream().mapToLong(RequestRecord::sendDelayUs).sorted().toArray();
        assertThat(delays[delays.length / 2]).as("median send delay, us").isLessThan(5_000);
        assertThat(delays[(int) (delays.length * 0.95)]).as("p95 send delay, us").isLessThan(50_000);
        assertThat(maxDelay).as("largest send delay, us").isLessThan(300_000);
        assertThat(lastSent - lastIntended).isLessThan(300_000);
        // So requests piled up in flight at the target...
        assertThat((int) result.get("max_concurrent_requests")).isGreaterThan(30);
        // ...and waited there: the target's queue is in TTFT, which grows from 300 ms to seconds.
        assertThat(medianMs(records.subList(0, 3), RequestRecord::ttftUs)).isBetween(290.0, 1_000.0);
        assertThat(medianMs(records.subList(REQUESTS - 10, REQUESTS), RequestRecord::ttftUs)).isGreaterThan(5_000);
    }

    @Test
    void behindAClientSideCapTheWaitShowsFromTheIntendedSendTime() {
        List<RequestRecord> records = run(2);
        RequestRecord last = records.get(REQUESTS - 1);
        System.out.printf("slow target, max_concurrency 2: TTFT median %.0f ms, last request: send delay %.2f s, intended TTFT %.2f s%n",
                medianMs(records, RequestRecord::ttftUs), last.sendDelayUs() / 1e6, last.intendedTtftUs() / 1e6);

        // The client held requests back, so the target never queued: TTFT from the actual send stays near 300 ms...
        assertThat(medianMs(records, RequestRecord::ttftUs)).isBetween(290.0, 600.0);
        assertThat(metrics(records).get("max_concurrent_requests")).isEqualTo(2);
        // ...which alone would hide the wait (coordinated omission). From the intended send time it is all there:
        // 60 arrivals in 3 s, served 2 per 380 ms, so the last one waits about 11.4 - 3 = 8 s.
        assertThat(last.sendDelayUs()).isGreaterThan(5_000_000);
        assertThat(last.intendedTtftUs()).isGreaterThan(last.sendDelayUs() + 250_000);
        assertThat(medianMs(records.subList(REQUESTS - 10, REQUESTS), RequestRecord::intendedTtftUs))
                .isGreaterThan(10 * medianMs(records.subList(0, 2), RequestRecord::intendedTtftUs));
    }

    private static Map<String, Object> metrics(List<RequestRecord> records) {
        StepMetrics metrics = new StepMetrics(0, LoadStep.openLoop(RATE, 1, null), List.of(99.0), Map.of());
        records.forEach(metrics::add);
        return metrics.result(null);
    }
}
