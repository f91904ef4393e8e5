package io.hpcorchestrator.render;

import io.hpcorchestrator.recipe.ContainerRuntime;

/**
 * A rendered job script and what the suite needs to follow the job it becomes.
 *
 * @param text        the script, ready for {@code sbatch}
 * @param jobName     the {@code --job-name}
 * @param runtime     the runtime the script launches with
 * @param workDir     the job's working directory
 * @param stdoutPath  the {@code --output} pattern ({@code %x} job name, {@code %j} job id)
 * @param stderrPath  the {@code --error} pattern
 * @param buildsImage whether the script builds its image when missing (the job may report BUILDING)
 */
public record BatchScript(
        String text,
        String jobName,
        ContainerRuntime runtime,
        String workDir,
        String stdoutPath,
        String stderrPath,
        boolean buildsImage) {

    /** Name of the report file the job writes in its working directory. */
    public static String reportFileName(long jobId) {
        return "hpc-job-" + jobId + ".report";
    }

    /** The job's report file on the cluster: {@code KEY=VALUE} lines, later lines win. */
    public String reportFile(long jobId) {
        return workDir + "/" + reportFileName(jobId);
    }

    /** The job's stdout file once its id is known. */
    public String stdoutFile(long jobId) {
        return expand(stdoutPath, jobId);
    }

    /** The job's stderr file once its id is known. */
    public String stderrFile(long jobId) {
        return expand(stderrPath, jobId);
    }

    private String expand(String pattern, long jobId) {
        return pattern.replace("%x", jobName).replace("%j", Long.toString(jobId));
    }
}
