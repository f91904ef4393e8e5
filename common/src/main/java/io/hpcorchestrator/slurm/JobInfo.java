package io.hpcorchestrator.slurm;

import java.time.Instant;
import java.util.List;

/**
 * What SLURM says about one job. Fields SLURM does not report (or a transport cannot see) are null.
 *
 * @param reason    SLURM's state reason ({@code Resources}, {@code Priority}, {@code NonZeroExitCode}); null for {@code None}
 * @param exitCode  the batch script's exit code once the job has ended
 * @param signal    the signal that ended it, if any
 * @param nodes     the allocated nodes, expanded from SLURM's hostlist ({@code mel[2106-2107]})
 * @param batchHost the node running the batch script, where a single-node service listens
 * @param comment   the job's comment, where the rendered script reports its phase and port
 */
public record JobInfo(
        long id,
        String name,
        String user,
        JobState state,
        String reason,
        Integer exitCode,
        Integer signal,
        String partition,
        List<String> nodes,
        String batchHost,
        String comment,
        String workDir,
        String stdoutPath,
        String stderrPath,
        Instant submitTime,
        Instant startTime,
        Instant endTime) {

    public JobInfo {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
