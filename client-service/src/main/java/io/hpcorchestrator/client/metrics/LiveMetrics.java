package io.hpcorchestrator.client.metrics;

import io.hpcorchestrator.client.load.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.hpcorchestrator.client.ClientProperties;
import org.springframework.stereotype.Component;

/**
 * Meters of running benchmarks, labelled {@code benchmark_id}, for Prometheus to scrape while they run:
 * {@code hpc_client_requests_in_flight}, {@code hpc_client_requests_total{outcome}},
 * {@code hpc_client_output_tokens_total}, and histograms {@code hpc_client_ttft_seconds}, {@code hpc_client_tpot_seconds},
 * {@code hpc_client_itl_seconds}, {@code hpc_client_e2el_seconds}. A finished benchmark's meters stay for
 * {@code hpc.client.metrics-retention}, so the last scrape sees the final counts, and are removed then.
 */
@Component
public class LiveMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Duration retention;
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hpc-client-metrics-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    public LiveMetrics(MeterRegistry registry, ClientProperties properties) {
        this.registry = registry;
        this.retention = properties.metricsRetention();
    }

    public Recorder start(String benchmarkId) {
        return new Recorder(benchmarkId);
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
    }

    /** One benchmark's meters. Thread-safe. */
    public final class Recorder {

        private final AtomicInteger inFlight = new AtomicInteger();
        private final Gauge inFlightGauge;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter outputTokens;
        private final Timer ttft;
        private final Timer tpot;
        private final Timer itl;
        private final Timer e2el;
        private final DistributionSummary sendDelay;

        private Recorder(String id) {
            inFlightGauge = Gauge.builder("hpc.client.requests.in.flight", inFlight, AtomicInteger::get).tag("benchmark_id", id)
                    .description("Requests of the benchmark sent and not yet answered").register(registry);
            succeeded = Counter.builder("hpc.client.requests").tag("benchmark_id", id).tag("outcome", "success")
                    .description("Requests of the benchmark that have ended").register(registry);
            failed = Counter.builder("hpc.client.requests").tag("benchmark_id", id).tag("outcome", "failure")
                    .description("Requests of the benchmark that have ended").register(registry);
            outputTokens = Counter.builder("hpc.client.output.tokens").tag("benchmark_id", id)
                    .description("Output tokens of successful requests").register(registry);
            ttft = timer("hpc.client.ttft", id, "Time to first token");
            tpot = timer("hpc.client.tpot", id, "Time per output token after the first");
            itl = timer("hpc.client.itl", id, "Inter-token latency");
            e2el = timer("hpc.client.e2el", id, "End-to-end request latency");
            sendDelay = DistributionSummary.builder("hpc.client.send.delay").baseUnit("milliseconds").tag("benchmark_id", id)
                    .description("How late requests were sent against the arrival schedule").register(registry);
        }

        private Timer timer(String name, String id, String description) {
            return Timer.builder(name).tag("benchmark_id", id).description(description).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        }

        public void sent() {
            inFlight.incrementAndGet();
        }

        public void finished(RequestRecord record) {
            inFlight.decrementAndGet();
            sendDelay.record(record.sendDelayUs() / 1000.0);
            if (!record.success()) {
                failed.increment();
                return;
            }
            succeeded.increment();
            outputTokens.increment(record.outputTokens());
            ttft.record(record.ttftUs(), TimeUnit.MICROSECONDS);
            if (record.outputTokens() > 1) {
                tpot.record(Math.round(record.tpotUs()), TimeUnit.MICROSECONDS);
            }
            for (int gap : record.itlUs()) {
                itl.record(gap, TimeUnit.MICROSECONDS);
            }
            e2el.record(record.e2elUs(), TimeUnit.MICROSECONDS);
        }

        /** Requests still counted in flight when the run ended were aborted. */
        public void ended() {
            inFlight.set(0);
            List<Meter> meters = List.of(inFlightGauge, succeeded, failed, outputTokens, ttft, tpot, itl, e2el, sendDelay);
            cleaner.schedule(() -> meters.forEach(registry::remove), retention.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
