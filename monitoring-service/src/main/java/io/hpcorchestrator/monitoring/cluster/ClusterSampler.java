package io.hpcorchestrator.monitoring.cluster;

import io.hpcorchestrator.monitoring.MonitoringProperties;
import io.hpcorchestrator.schedule.RepeatingTask;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the cluster once per {@code hpc.monitoring.cluster.interval} on a thread of its own: nodes, partitions and
 * the queue, three SLURM calls, whatever the number of scrapes or status page views. The gauges and the status
 * page show the last good sample; a failed one leaves it in place, and {@code hpc_cluster_sample_age_seconds}
 * grows so alerts can tell.
 */
@Component
public class ClusterSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterSampler.class);

    private final SlurmClient slurm;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ClusterMetrics metrics;
    private final AtomicReference<ClusterSnapshot> latest = new AtomicReference<>();
    private volatile boolean lastFailed;
    private final RepeatingTask loop;

    ClusterSampler(SlurmClient slurm, MonitoringProperties properties, Clock clock, MeterRegistry meters) {
        this.slurm = slurm;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.metrics = new ClusterMetrics(meters);
        Gauge.builder("hpc.cluster.sample.age", this, sampler -> sampler.latest().map(snapshot ->
                        Duration.between(snapshot.at(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the cluster sample the gauges show").register(meters);
        Gauge.builder("hpc.cluster.sample.success", this, sampler -> sampler.lastFailed || sampler.latest.get() == null ? 0 : 1)
                .description("1 when the last cluster sample succeeded").register(meters);
        // At a fixed rate: calls per minute follow the interval alone, not how long SLURM takes to answer.
        this.loop = RepeatingTask.atRate("cluster-sampler", properties.cluster().interval(), this::sampleQuietly);
    }

    /** One sample, published to the gauges; throws when SLURM could not answer. */
    public ClusterSnapshot sample() {
        Timer.Sample timing = Timer.start(meters);
        String outcome = "success";
        try {
            List<NodeInfo> nodes = slurm.nodes();
            List<PartitionInfo> partitions = slurm.partitions();
            List<JobInfo> queue = slurm.queue();
            ClusterSnapshot snapshot = new ClusterSnapshot(clock.instant(), nodes, partitions, queue);
            metrics.publish(snapshot);
            latest.set(snapshot);
            return snapshot;
        } catch (RuntimeException e) {
            outcome = "failure";
            throw e;
        } finally {
            timing.stop(Timer.builder("hpc.cluster.samples").description("Cluster samples: nodes, partitions and queue from SLURM")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private void sampleQuietly() {
        try {
            sample();
            if (lastFailed) {
                log.info("cluster sampling over {} works again", slurm.transport());
            }
            lastFailed = false;
        } catch (RuntimeException e) {
            if (!lastFailed) {
                // Once per outage, not once per interval.
                log.warn("cluster sample failed over {}: {}; the gauges keep the last good sample", slurm.transport(), e.getMessage());
            }
            lastFailed = true;
        }
    }

    /** The last good sample, if there has been one. */
    public Optional<ClusterSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Whether the most recent attempt failed (the snapshot shown is older than one interval). */
    public boolean failing() {
        return lastFailed;
    }

    @Override
    public void start() {
        if (properties.cluster().enabled()) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
