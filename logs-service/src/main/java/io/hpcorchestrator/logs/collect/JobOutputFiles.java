package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.SlurmClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads job output through the SLURM transport (local files, or sftp on the login node), never more than
 * {@code maxBytes} per call: the whole of the collector's memory use per file is bounded by that. Paths come only from
 * the server's view of a service, never from a request.
 *
 * <p>Every read is measured: {@code hpc.logs.read.chunk} (bytes per read) and {@code hpc.logs.read.largest}, the
 * largest chunk ever returned, which tests compare with the configured bound.
 */
final class JobOutputFiles {

    private final SlurmClient slurm;
    private final int maxBytes;
    private final DistributionSummary chunks;
    private final AtomicLong largest = new AtomicLong();

    JobOutputFiles(SlurmClient slurm, int maxBytes, MeterRegistry meters) {
        if (!slurm.canReadFiles()) {
            throw new IllegalStateException("the " + slurm.transport() + " transport cannot read job output; the logs service needs "
                    + "hpc.cluster.transport local, ssh or rest+ssh");
        }
        this.slurm = slurm;
        this.maxBytes = maxBytes;
        this.chunks = DistributionSummary.builder("hpc.logs.read.chunk").baseUnit("bytes")
                .description("bytes returned by one read of a job output file").register(meters);
        Gauge.builder("hpc.logs.read.largest", largest, AtomicLong::get).baseUnit("bytes")
                .description("the largest chunk of a job output file ever held at once").register(meters);
    }

    /** Up to {@code min(want, maxBytes)} bytes from {@code offset}; empty when the file does not exist (yet). */
    Optional<FileChunk> read(String path, long offset, int want) {
        Optional<FileChunk> chunk = slurm.readFile(path, offset, Math.min(want, maxBytes));
        chunk.ifPresent(c -> {
            chunks.record(c.data().length);
            largest.accumulateAndGet(c.data().length, Math::max);
        });
        return chunk;
    }

    int maxBytes() {
        return maxBytes;
    }

    String transport() {
        return slurm.transport();
    }
}
