package io.hpcorchestrator.slurm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rest+ssh}: slurmrestd first, the login node's commands whenever slurmrestd cannot be reached.
 *
 * <p>After a failure the primary is left alone for {@code retryAfter}, then tried again. Reads and cancels
 * (safe to repeat) move to the secondary within the same call. A submission does not: when slurmrestd times
 * out, it may have accepted the job, and sending the script again could start it twice. The failure is
 * reported instead; the caller (the server's deployment flow) finds the job by its unique name, over the
 * secondary, before submitting again.
 */
public final class FailoverSlurmClient implements SlurmClient {

    private static final Logger log = LoggerFactory.getLogger(FailoverSlurmClient.class);

    private final SlurmClient primary;
    private final SlurmClient secondary;
    private final Clock clock;
    private final Duration retryAfter;
    private final Consumer<SlurmException> onFailover;
    private volatile Instant primaryDownUntil = Instant.MIN;

    /**
     * @param onFailover told each time the primary fails and calls move to the secondary (for a metric)
     */
    public FailoverSlurmClient(SlurmClient primary, SlurmClient secondary, Clock clock, Duration retryAfter, Consumer<SlurmException> onFailover) {
        this.primary = primary;
        this.secondary = secondary;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.onFailover = onFailover;
    }

    @Override
    public long submit(JobSubmission submission) {
        if (primaryDown()) {
            return secondary.submit(submission);
        }
        try {
            return primary.submit(submission);
        } catch (SlurmException e) {
            if (e.kind() == SlurmException.Kind.UNAVAILABLE) {
                markPrimaryDown(e);
            }
            throw e;
        }
    }

    @Override
    public List<JobInfo> jobs(Collection<Long> ids) {
        return call(client -> client.jobs(ids));
    }

    @Override
    public List<JobInfo> jobsNamed(String name) {
        return call(client -> client.jobsNamed(name));
    }

    @Override
    public List<JobInfo> queue() {
        return call(SlurmClient::queue);
    }

    @Override
    public void cancel(long jobId) {
        call(client -> {
            client.cancel(jobId);
            return null;
        });
    }

    @Override
    public List<NodeInfo> nodes() {
        return call(SlurmClient::nodes);
    }

    @Override
    public List<PartitionInfo> partitions() {
        return call(SlurmClient::partitions);
    }

    /** Files are only reachable through the secondary (slurmrestd has no file access). */
    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        return secondary.readFile(path, offset, maxBytes);
    }

    @Override
    public boolean canReadFiles() {
        return secondary.canReadFiles();
    }

    @Override
    public String transport() {
        return primaryDown() ? secondary.transport() : primary.transport();
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            secondary.close();
        }
    }

    private <T> T call(Function<SlurmClient, T> verb) {
        if (primaryDown()) {
            return verb.apply(secondary);
        }
        try {
            return verb.apply(primary);
        } catch (SlurmException e) {
            if (e.kind() != SlurmException.Kind.UNAVAILABLE) {
                throw e;
            }
            markPrimaryDown(e);
            return verb.apply(secondary);
        }
    }

    private boolean primaryDown() {
        return clock.instant().isBefore(primaryDownUntil);
    }

    private void markPrimaryDown(SlurmException e) {
        primaryDownUntil = clock.instant().plus(retryAfter);
        log.warn("{} unavailable ({}); using {} for the next {}", primary.transport(), e.getMessage(), secondary.transport(), retryAfter);
        onFailover.accept(e);
    }
}
