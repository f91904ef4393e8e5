package io.hpcorchestrator.slurm;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts and times every SLURM call by verb and outcome ({@code hpc.slurm.calls}), so what a service costs the
 * cluster can be read off its own metrics: the server's calls per reconcile cycle, the monitoring service's calls
 * per sample.
 */
public final class MeteredSlurmClient implements SlurmClient {

    private final SlurmClient delegate;
    private final MeterRegistry meters;

    public MeteredSlurmClient(SlurmClient delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    private <T> T record(String verb, Supplier<T> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return call.get();
        } catch (SlurmException e) {
            outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            sample.stop(Timer.builder("hpc.slurm.calls").description("SLURM calls by verb and outcome")
                    .tag("verb", verb).tag("outcome", outcome).register(meters));
        }
    }

    @Override
    public long submit(JobSubmission submission) {
        return record("submit", () -> delegate.submit(submission));
    }

    @Override
    public List<JobInfo> jobs(Collection<Long> ids) {
        return record("jobs", () -> delegate.jobs(ids));
    }

    @Override
    public List<JobInfo> jobsNamed(String name) {
        return record("jobs_named", () -> delegate.jobsNamed(name));
    }

    @Override
    public List<JobInfo> queue() {
        return record("queue", delegate::queue);
    }

    @Override
    public void cancel(long jobId) {
        record("cancel", () -> {
            delegate.cancel(jobId);
            return null;
        });
    }

    @Override
    public List<NodeInfo> nodes() {
        return record("nodes", delegate::nodes);
    }

    @Override
    public List<PartitionInfo> partitions() {
        return record("partitions", delegate::partitions);
    }

    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        return record("read_file", () -> delegate.readFile(path, offset, maxBytes));
    }

    @Override
    public boolean canReadFiles() {
        return delegate.canReadFiles();
    }

    @Override
    public String transport() {
        return delegate.transport();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
