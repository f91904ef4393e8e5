package io.hpcorchestrator.slurm.rest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch job as slurmrestd wants it: the script plus, as fields, what {@code sbatch} would have read from
 * its {@code #SBATCH} lines (slurmrestd does not read them). Unset values are null, so SLURM's defaults
 * apply. Each version's adapter turns this into its own submit body.
 *
 * @param timeLimitMinutes  -1 for UNLIMITED
 * @param environment       the job's whole submission environment, in order; secrets among them
 */
record JobRequest(
        String script,
        String name,
        String workDir,
        String partition,
        String account,
        String qos,
        String constraint,
        Integer minNodes,
        Integer maxNodes,
        Integer tasks,
        Integer tasksPerNode,
        Integer cpusPerTask,
        Long memoryPerNodeMb,
        Long memoryPerCpuMb,
        String gres,
        Integer timeLimitMinutes,
        Integer timeMinimumMinutes,
        String stdout,
        String stderr,
        String stdin,
        String comment,
        boolean exclusive,
        List<String> mailTypes,
        String mailUser,
        String dependency,
        Boolean requeue,
        boolean hold,
        String reservation,
        String licenses,
        Integer nice,
        Map<String, String> environment) {

    JobRequest {
        mailTypes = mailTypes == null ? List.of() : List.copyOf(mailTypes);
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    @Override
    public String toString() {
        return "JobRequest[name=" + name + ", partition=" + partition + ", environment=" + environment.keySet() + "]";
    }
}
