package io.hpcorchestrator.monitoring;

import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A cluster in memory that counts how often it is asked. */
public final class FakeSlurm implements SlurmClient {

    public volatile List<NodeInfo> nodes = List.of();
    public volatile List<PartitionInfo> partitions = List.of();
    public volatile List<JobInfo> queue = List.of();
    public final AtomicInteger calls = new AtomicInteger();

    public static NodeInfo node(String name, String partition, int cpus, int allocated, String gres, String gresUsed, String reason,
            String... states) {
        return new NodeInfo(name, "10.0.0." + Math.abs(name.hashCode() % 200), name, List.of(states), cpus, allocated, 1000, 0, gres, gresUsed,
                List.of(partition), reason);
    }

    public static JobInfo job(long id, String partition, JobState state, String reason, Instant submitted) {
        return new JobInfo(id, "job-" + id, "alice", state, reason, null, null, partition, List.of(), null, null, "/w", null, null, submitted,
                null, null);
    }

    @Override
    public long submit(JobSubmission submission) {
        throw new UnsupportedOperationException("monitoring never submits");
    }

    @Override
    public List<JobInfo> jobs(Collection<Long> ids) {
        calls.incrementAndGet();
        return queue.stream().filter(job -> ids.contains(job.id())).toList();
    }

    @Override
    public List<JobInfo> jobsNamed(String name) {
        calls.incrementAndGet();
        return queue.stream().filter(job -> name.equals(job.name())).toList();
    }

    @Override
    public List<JobInfo> queue() {
        calls.incrementAndGet();
        return queue;
    }

    @Override
    public void cancel(long jobId) {
        throw new UnsupportedOperationException("monitoring never cancels");
    }

    @Override
    public List<NodeInfo> nodes() {
        calls.incrementAndGet();
        return nodes;
    }

    @Override
    public List<PartitionInfo> partitions() {
        calls.incrementAndGet();
        return partitions;
    }

    @Override
    public String transport() {
        return "fake";
    }
}
