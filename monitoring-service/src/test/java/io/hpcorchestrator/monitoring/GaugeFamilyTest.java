package io.hpcorchestrator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GaugeFamilyTest {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GaugeFamily jobs = GaugeFamily.register(meters, "hpc.test.jobs", "Jobs by state");

    @Test
    void eachPublishSetsTheValuesAndDropsTheSeriesItNoLongerNames() {
        jobs.publish(Map.of(Tags.of("state", "PENDING"), 3, Tags.of("state", "RUNNING"), 1));
        assertThat(meters.scrape()).contains("hpc_test_jobs{state=\"PENDING\"} 3.0", "hpc_test_jobs{state=\"RUNNING\"} 1.0");

        jobs.publish(Map.of(Tags.of("state", "RUNNING"), 4));
        assertThat(meters.scrape()).contains("hpc_test_jobs{state=\"RUNNING\"} 4.0").doesNotContain("PENDING");

        jobs.publish(Map.of(Tags.of("state", "PENDING"), 2));
        assertThat(meters.scrape()).contains("hpc_test_jobs{state=\"PENDING\"} 2.0").doesNotContain("RUNNING");
    }

    @Test
    void aSeriesThatStaysKeepsItsMeter() {
        jobs.publish(Map.of(Tags.of("state", "RUNNING"), 1));
        Object meter = meters.get("hpc.test.jobs").tags("state", "RUNNING").gauge();

        jobs.publish(Map.of(Tags.of("state", "RUNNING"), 2));

        assertThat(meters.get("hpc.test.jobs").tags("state", "RUNNING").gauge()).isSameAs(meter);
        assertThat(meters.get("hpc.test.jobs").tags("state", "RUNNING").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void scrapesRacingRepublishesNeverSeeASeriesTwice() {
        Map<Tags, Integer> rows = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            rows.put(Tags.of("partition", "batch", "node", "n" + i), i);
        }
        jobs.publish(rows);
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            try {
                for (int round = 0; round < 2_000; round++) {
                    jobs.publish(rows);
                }
            } finally {
                publishing.set(false);
            }
        });
        int scrapes = 0;
        while (publishing.get() || scrapes == 0) {
            assertThat(meters.scrape()).contains("hpc_test_jobs{node=\"n99\",partition=\"batch\"} 99.0");
            scrapes++;
        }
        publisher.join();
    }
}
