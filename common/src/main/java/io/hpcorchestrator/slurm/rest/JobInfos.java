package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.slurm.Hostlist;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import java.time.Instant;

/** Mapping shared by every version once the version-specific shapes are read. */
final class JobInfos {

    private JobInfos() {
    }

    /**
     * @param exitCode the script's exit status; kept only once the job has ended (SLURM reports 0 before)
     * @param stdout   SLURM's path as reported: patterns are expanded, relative paths resolved against the
     *                 working directory, and an empty one means SLURM's default {@code slurm-%j.out}
     * @param stderr   empty means "with stdout", as in sbatch
     */
    static JobInfo of(long id, String name, String user, String state, String reason, Integer exitCode, Integer signal,
            String partition, String nodes, String batchHost, String comment, String workDir, String stdout, String stderr,
            Long submit, Long start, Long end) {
        JobState jobState = JobState.parse(state);
        String host = blankToNull(batchHost);
        String out = OutputPaths.resolve(blankToNull(stdout) == null ? "slurm-%j.out" : stdout, id, name, user, host, workDir);
        String err = blankToNull(stderr) == null ? out : OutputPaths.resolve(stderr, id, name, user, host, workDir);
        return new JobInfo(id, name, blankToNull(user), jobState, reason(reason),
                jobState.isFinished() ? exitCode : null, signal != null && signal > 0 ? signal : null,
                blankToNull(partition), Hostlist.expand(nodes), host, blankToNull(comment), blankToNull(workDir), out, err,
                time(submit), time(start), time(end));
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() || reason.equals("None") ? null : reason;
    }

    /** SLURM writes 0 for "not yet" and sometimes NO_VAL for "never". */
    static Instant time(Long epochSeconds) {
        return epochSeconds == null || epochSeconds <= 0 || epochSeconds >= 0xFFFFFFFEL ? null : Instant.ofEpochSecond(epochSeconds);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
