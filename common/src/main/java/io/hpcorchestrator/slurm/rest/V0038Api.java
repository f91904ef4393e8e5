package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.slurm.Hostlist;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * v0.0.38, served by Slurm 22.05 ({@code -s openapi/v0.0.38}). What sets it apart from v0.0.40 and later:
 * <ul>
 * <li>numbers are plain JSON numbers, null when unset; "infinite" is -1 or 4294967295 (partition MaxTime);</li>
 * <li>{@code job_state} is one string; {@code exit_code} is the raw wait status ({@code 768} = exit 3,
 *     low 7 bits = signal);</li>
 * <li>{@code standard_output} is reported as written ({@code %j} unexpanded) and empty when defaulted,
 *     {@code standard_error} empty when it goes with stdout;</li>
 * <li>the submit body's {@code environment} is an object, node counts are {@code nodes: [min, max]},
 *     {@code exclusive} is a string, {@code mail_type} a comma list, GRES go in {@code gres};</li>
 * <li>a node's {@code state} is one lower-case word plus {@code state_flags}; a partition's default is
 *     {@code flags: ["default"]};</li>
 * <li>errors carry {@code error_number}, {@code error_code} or {@code errno} depending on the path.</li>
 * </ul>
 */
final class V0038Api implements RestApi {

    record Job(Long jobId, String name, String userName, String jobState, String stateReason, Integer exitCode,
            String partition, String nodes, String batchHost, String comment, String currentWorkingDirectory,
            String standardOutput, String standardError, Long submitTime, Long startTime, Long endTime) {
    }

    record Jobs(List<Job> jobs) {
    }

    record Node(String name, String address, String hostname, String state, List<String> stateFlags, Integer cpus,
            Integer allocCpus, Long realMemory, Long allocMemory, String gres, String gresUsed, List<String> partitions,
            String reason) {
    }

    record Nodes(List<Node> nodes) {
    }

    record Partition(String name, String state, String nodes, Integer totalCpus, Long maxTimeLimit, List<String> flags) {
    }

    record Partitions(List<Partition> partitions) {
    }

    record JobDescription(String name, String currentWorkingDirectory, Map<String, String> environment, String partition,
            String account, String qos, String constraints, List<Integer> nodes, Integer tasks, Integer tasksPerNode,
            Integer cpusPerTask, Long memoryPerNode, Long memoryPerCpu, String gres, Integer timeLimit, Integer timeMinimum,
            String standardOutput, String standardError, String standardInput, String comment, String exclusive,
            String mailType, String mailUser, String dependency, Boolean requeue, Boolean hold, String reservation,
            String licenses, Integer nice) {
    }

    record Submit(String script, JobDescription job) {
    }

    @Override
    public String version() {
        return "v0.0.38";
    }

    @Override
    public Object submitBody(JobRequest r) {
        if (isUnlimited(r.timeLimitMinutes()) || isUnlimited(r.timeMinimumMinutes())) {
            // 22.05's parser takes only a plain number here; leave --time out to get the partition's limit.
            throw new IllegalArgumentException("#SBATCH --time=UNLIMITED cannot be requested through slurmrestd v0.0.38");
        }
        List<Integer> nodes = r.minNodes() == null ? null : List.of(r.minNodes(), r.maxNodes());
        return new Submit(r.script(), new JobDescription(r.name(), r.workDir(), r.environment(), r.partition(), r.account(),
                r.qos(), r.constraint(), nodes, r.tasks(), r.tasksPerNode(), r.cpusPerTask(), r.memoryPerNodeMb(),
                r.memoryPerCpuMb(), r.gres(), r.timeLimitMinutes(), r.timeMinimumMinutes(), r.stdout(), r.stderr(), r.stdin(),
                r.comment(), r.exclusive() ? "true" : null, r.mailTypes().isEmpty() ? null : String.join(",", r.mailTypes()),
                r.mailUser(), r.dependency(), r.requeue(), r.hold() ? Boolean.TRUE : null, r.reservation(), r.licenses(),
                r.nice()));
    }

    private static boolean isUnlimited(Integer minutes) {
        return minutes != null && minutes < 0;
    }

    @Override
    public List<JobInfo> jobs(JsonNode response) {
        List<Job> jobs = Json.read(response, Jobs.class).jobs();
        return jobs == null ? List.of() : jobs.stream().map(V0038Api::info).toList();
    }

    private static JobInfo info(Job j) {
        Integer status = j.exitCode();
        Integer exit = status == null ? null : (status >> 8) & 0xff;
        Integer signal = status == null ? null : status & 0x7f;
        return JobInfos.of(j.jobId(), j.name(), j.userName(), j.jobState(), j.stateReason(), exit, signal, j.partition(),
                j.nodes(), j.batchHost(), j.comment(), j.currentWorkingDirectory(), j.standardOutput(), j.standardError(),
                j.submitTime(), j.startTime(), j.endTime());
    }

    @Override
    public List<NodeInfo> nodes(JsonNode response) {
        List<Node> nodes = Json.read(response, Nodes.class).nodes();
        return nodes == null ? List.of() : nodes.stream().map(V0038Api::info).toList();
    }

    private static NodeInfo info(Node n) {
        List<String> states = new ArrayList<>();
        if (n.state() != null && !n.state().isBlank()) {
            states.add(n.state().toUpperCase(Locale.ROOT));
        }
        if (n.stateFlags() != null) {
            n.stateFlags().forEach(flag -> states.add(flag.toUpperCase(Locale.ROOT)));
        }
        return new NodeInfo(n.name(), n.address(), n.hostname(), states, orZero(n.cpus()), orZero(n.allocCpus()),
                orZero(n.realMemory()), orZero(n.allocMemory()), n.gres() == null ? "" : n.gres(),
                n.gresUsed() == null ? "" : n.gresUsed(), n.partitions(), JobInfos.blankToNull(n.reason()));
    }

    @Override
    public List<PartitionInfo> partitions(JsonNode response, String defaultPartition) {
        List<Partition> partitions = Json.read(response, Partitions.class).partitions();
        return partitions == null ? List.of() : partitions.stream().map(p -> new PartitionInfo(p.name(), p.state(),
                Hostlist.expand(p.nodes()), orZero(p.totalCpus()), minutes(p.maxTimeLimit()),
                p.flags() != null && p.flags().stream().anyMatch(flag -> flag.equalsIgnoreCase("default")))).toList();
    }

    private static Integer minutes(Long value) {
        return value == null || value < 0 || value >= 0xFFFFFFFEL ? null : value.intValue();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
