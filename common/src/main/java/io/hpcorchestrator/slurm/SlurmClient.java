package io.hpcorchestrator.slurm;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one door to a SLURM cluster. Implementations are thread-safe.
 *
 * <p>Every verb is one round trip to SLURM (one HTTP request, or one command): callers that follow many
 * jobs ask for all of them at once with {@link #jobs(Collection)}.
 *
 * <p>Errors: {@link SlurmException} with {@link SlurmException.Kind#REJECTED} when SLURM refused the request
 * (bad partition, account, limits; the message is SLURM's own), {@link SlurmException.Kind#UNAVAILABLE}
 * when SLURM or the transport could not be reached (worth retrying, or failing over).
 */
public interface SlurmClient extends AutoCloseable {

    /**
     * Submits a batch script. Returns once SLURM has accepted it; the job may still be pending.
     *
     * @return the new job's id
     */
    long submit(JobSubmission submission);

    /**
     * The jobs with these ids that SLURM still knows, in one call. Ids SLURM has forgotten (finished longer
     * ago than its {@code MinJobAge}) are simply absent, which is a state, not an error.
     */
    List<JobInfo> jobs(Collection<Long> ids);

    /** Jobs with this exact name, any state: how a submission interrupted by a crash is found again. */
    List<JobInfo> jobsNamed(String name);

    /**
     * Every job SLURM lists, anyone's, in one call: pending and running jobs, and finished ones it still
     * remembers ({@code MinJobAge}). What monitoring reads the queue with; callers following their own jobs
     * use {@link #jobs(Collection)}.
     */
    List<JobInfo> queue();

    /** Cancels a job. Cancelling a job that has already ended is not an error. */
    void cancel(long jobId);

    /** Every node with its address and state. */
    List<NodeInfo> nodes();

    /** Every partition. */
    List<PartitionInfo> partitions();

    /**
     * Reads up to {@code maxBytes} of a file the cluster's jobs wrote, from {@code offset}. Empty when the file
     * does not exist (yet). Transports without file access refuse with {@link UnsupportedOperationException}.
     */
    default Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        throw new UnsupportedOperationException(transport() + " transport cannot read files on the cluster");
    }

    /** Whether {@link #readFile} works on this transport. */
    default boolean canReadFiles() {
        return false;
    }

    /** A short name for logs and metrics: {@code rest}, {@code ssh}, {@code local}. */
    String transport();

    /** Releases what the transport holds (an SSH session, a connection pool). */
    @Override
    default void close() {
    }
}
