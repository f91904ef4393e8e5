package io.hpcorchestrator.monitoring.cluster;

import static io.hpcorchestrator.monitoring.FakeSlurm.job;
import static io.hpcorchestrator.monitoring.FakeSlurm.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gauges one sample leaves, as Prometheus reads them. */
class ClusterMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClusterMetrics metrics = new ClusterMetrics(meters);

    private ClusterSnapshot snapshot() {
        return new ClusterSnapshot(NOW,
                List.of(node("gpu1", "gpu", 64, 32, "gpu:a100:4(S:0-1)", "gpu:a100:3(IDX:0-2)", null, "MIXED"),
                        node("gpu2", "gpu", 64, 0, "gpu:a100:4", "gpu:a100:0(IDX:N/A)", "bad fan", "IDLE", "DRAIN"),
                        node("cpu1", "cpu", 128, 128, "", "", null, "ALLOCATED"),
                        node("cpu2", "cpu", 128, 0, "", "", "not responding", "DOWN", "NOT_RESPONDING")),
                List.of(new PartitionInfo("gpu", "UP", List.of("gpu1", "gpu2"), 128, null, false),
                        new PartitionInfo("cpu", "UP", List.of("cpu1", "cpu2"), 256, 2880, true)),
                List.of(job(1, "gpu", JobState.RUNNING, null, NOW.minusSeconds(900)),
                        job(2, "gpu", JobState.PENDING, "Resources", NOW.minusSeconds(60)),
                        job(3, "gpu", JobState.PENDING, "Resources", NOW.minusSeconds(600)),
                        job(4, "gpu", JobState.PENDING, "Priority", NOW.minusSeconds(3600)),
                        job(5, "cpu", JobState.COMPLETED, null, NOW.minusSeconds(30))));
    }

    @Test
    void nodesByStatePerPartitionWithEveryMainStatePresent() {
        metrics.publish(snapshot());
        String text = meters.scrape();
        assertThat(text)
                .contains("hpc_cluster_nodes{partition=\"gpu\",state=\"mixed\"} 1")
                .contains("hpc_cluster_nodes{partition=\"gpu\",state=\"drained\"} 1")
                .contains("hpc_cluster_nodes{partition=\"gpu\",state=\"down\"} 0")
                .contains("hpc_cluster_nodes{partition=\"cpu\",state=\"allocated\"} 1")
                .contains("hpc_cluster_nodes{partition=\"cpu\",state=\"down\"} 1")
                .contains("hpc_cluster_node_state{node=\"gpu2\",state=\"drained\"} 1");
    }

    @Test
    void cpusAndGpusTotalAndAllocatedPerPartition() {
        metrics.publish(snapshot());
        assertThat(meters.scrape())
                .contains("hpc_cluster_cpus{partition=\"gpu\"} 128")
                .contains("hpc_cluster_cpus_allocated{partition=\"gpu\"} 32")
                .contains("hpc_cluster_cpus{partition=\"cpu\"} 256")
                .contains("hpc_cluster_gpus{partition=\"gpu\"} 8")
                .contains("hpc_cluster_gpus_allocated{partition=\"gpu\"} 3")
                .contains("hpc_cluster_gpus{partition=\"cpu\"} 0");
    }

    @Test
    void jobsByStatePendingByReasonAndHowLongTheyWait() {
        metrics.publish(snapshot());
        assertThat(meters.scrape())
                .contains("hpc_cluster_jobs{partition=\"gpu\",state=\"PENDING\"} 3")
                .contains("hpc_cluster_jobs{partition=\"gpu\",state=\"RUNNING\"} 1")
                .contains("hpc_cluster_jobs{partition=\"cpu\",state=\"COMPLETED\"} 1")
                .contains("hpc_cluster_jobs{partition=\"cpu\",state=\"PENDING\"} 0")
                .contains("hpc_cluster_jobs_pending{partition=\"gpu\",reason=\"Resources\"} 2")
                .contains("hpc_cluster_jobs_pending{partition=\"gpu\",reason=\"Priority\"} 1")
                .contains("hpc_cluster_queue_wait_seconds{partition=\"gpu\",stat=\"median\"} 600")
                .contains("hpc_cluster_queue_wait_seconds{partition=\"gpu\",stat=\"max\"} 3600")
                .contains("hpc_cluster_queue_wait_seconds{partition=\"cpu\",stat=\"max\"} 0");
    }

    @Test
    void aNodeThatChangesStateLeavesNoOldSeriesBehind() {
        metrics.publish(snapshot());
        ClusterSnapshot first = snapshot();
        metrics.publish(new ClusterSnapshot(NOW.plusSeconds(15),
                List.of(node("gpu2", "gpu", 64, 0, "gpu:a100:4", "", null, "IDLE")), first.partitions(), List.of()));
        String text = meters.scrape();
        assertThat(text).contains("hpc_cluster_node_state{node=\"gpu2\",state=\"idle\"} 1")
                .doesNotContain("state=\"drained\"} 1").doesNotContain("node=\"gpu1\"")
                .doesNotContain("reason=\"Resources\"");
    }

    @Test
    void ranksAreNearestRank() {
        assertThat(ClusterMetrics.rank(List.of(), 0.5)).isZero();
        assertThat(ClusterMetrics.rank(List.of(5L), 0.9)).isEqualTo(5);
        assertThat(ClusterMetrics.rank(List.of(1L, 2L, 3L, 4L), 0.5)).isEqualTo(2);
        assertThat(ClusterMetrics.rank(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 0.9)).isEqualTo(9);
    }
}
