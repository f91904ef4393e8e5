package io.hpcorchestrator.slurm;

import java.util.Map;
import java.util.Objects;

/**
 * A batch script to submit.
 *
 * @param script      the script text, {@code #SBATCH} directives included
 * @param jobName     the job's name, unique per deployment so a lost submission can be found again
 * @param workDir     the job's working directory on the cluster
 * @param environment variables added to the job's submission environment (secrets travel here, never in
 *                    the script); transports must not log their values
 */
public record JobSubmission(String script, String jobName, String workDir, Map<String, String> environment) {

    public JobSubmission {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(workDir, "workDir");
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    @Override
    public String toString() {
        return "JobSubmission[jobName=" + jobName + ", workDir=" + workDir + ", environment=" + environment.keySet() + "]";
    }
}
