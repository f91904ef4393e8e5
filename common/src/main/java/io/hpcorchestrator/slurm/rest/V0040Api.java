package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.slurm.Hostlist;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * v0.0.40, the first version of the data_parser plugins (Slurm 23.11; served by 24.11 with
 * {@code -s openapi/slurmctld -d v0.0.40}). Against v0.0.38:
 * <ul>
 * <li>most numbers are {@link NoVal} objects, in answers and in the submit body;</li>
 * <li>{@code job_state} is a list (base state first, then flags such as {@code COMPLETING});
 *     {@code exit_code} is an object with {@code return_code} and {@code signal.id};</li>
 * <li>{@code standard_output}/{@code standard_error} come back expanded and filled in when defaulted;</li>
 * <li>the submit body's {@code environment} is a list of {@code K=V}; node counts are
 *     {@code minimum_nodes}/{@code maximum_nodes}; GRES go in {@code tres_per_node} as {@code gres/gpu:1};
 *     exclusivity is {@code shared: ["none"]} ({@code exclusive} is gone in v0.0.42, {@code shared} works in
 *     all three); {@code mail_type} is a list;</li>
 * <li>a node's {@code state} is already a list ({@code ["IDLE", "DRAIN"]});</li>
 * <li>a partition is nested ({@code nodes.configured}, {@code cpus.total}, {@code maximums.time},
 *     {@code partition.state}) and does not say whether it is the default: Slurm 24.11 drops that flag in
 *     v0.0.40 to v0.0.42, so the configured default partition ({@code hpc.cluster.defaults.partition}) is
 *     reported as the default;</li>
 * <li>auth failures answer 401 (no token) or 511 with error 1007 (bad token), not 500.</li>
 * </ul>
 */
class V0040Api implements RestApi {

    record ExitCode(List<String> status, NoVal returnCode, Signal signal) {
    }

    record Signal(NoVal id, String name) {
    }

    record Job(Long jobId, String name, String userName, List<String> jobState, String stateReason, ExitCode exitCode,
            String partition, String nodes, String batchHost, String comment, String currentWorkingDirectory,
            String standardOutput, String standardError, NoVal submitTime, NoVal startTime, NoVal endTime) {
    }

    record Jobs(List<Job> jobs) {
    }

    record Node(String name, String address, String hostname, List<String> state, Integer cpus, Integer allocCpus,
            Long realMemory, Long allocMemory, String gres, String gresUsed, List<String> partitions, String reason) {
    }

    record Nodes(List<Node> nodes) {
    }

    record PartitionNodes(String configured) {
    }

    record PartitionCpus(Integer total) {
    }

    record PartitionMaximums(NoVal time) {
    }

    record PartitionState(List<String> state) {
    }

    record Partition(String name, PartitionNodes nodes, PartitionCpus cpus, PartitionMaximums maximums,
            PartitionState partition) {
    }

    record Partitions(List<Partition> partitions) {
    }

    record JobDescription(String name, String currentWorkingDirectory, List<String> environment, String partition,
            String account, String qos, String constraints, Integer minimumNodes, Integer maximumNodes, Integer tasks,
            Integer tasksPerNode, Integer cpusPerTask, NoVal memoryPerNode, NoVal memoryPerCpu, String tresPerNode,
            NoVal timeLimit, NoVal timeMinimum, String standardOutput, String standardError, String standardInput,
            String comment, List<String> shared, List<String> mailType, String mailUser, String dependency, Boolean requeue,
            Boolean hold, String reservation, String licenses, Integer nice) {
    }

    record Submit(String script, JobDescription job) {
    }

    @Override
    public String version() {
        return "v0.0.40";
    }

    @Override
    public Object submitBody(JobRequest r) {
        List<String> environment = r.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return new Submit(r.script(), new JobDescription(r.name(), r.workDir(), environment, r.partition(), r.account(),
                r.qos(), r.constraint(), r.minNodes(), r.maxNodes(), r.tasks(), r.tasksPerNode(), r.cpusPerTask(),
                number(r.memoryPerNodeMb()), number(r.memoryPerCpuMb()), tres(r.gres()), minutes(r.timeLimitMinutes()),
                minutes(r.timeMinimumMinutes()), r.stdout(), r.stderr(), r.stdin(), r.comment(),
                r.exclusive() ? List.of("none") : null, r.mailTypes().isEmpty() ? null : r.mailTypes(), r.mailUser(),
                r.dependency(), r.requeue(), r.hold() ? Boolean.TRUE : null, r.reservation(), r.licenses(), r.nice()));
    }

    /** sbatch 23.11+ sends {@code --gres=gpu:a100:1,shard:2} as {@code gres/gpu:a100:1,gres/shard:2}. */
    static String tres(String gres) {
        if (gres == null || gres.isBlank()) {
            return null;
        }
        return Arrays.stream(gres.split(","))
                .map(String::strip)
                .map(g -> g.startsWith("gres/") ? g : "gres/" + (g.startsWith("gres:") ? g.substring(5) : g))
                .collect(Collectors.joining(","));
    }

    private static NoVal number(Long value) {
        return value == null ? null : NoVal.of(value);
    }

    private static NoVal minutes(Integer minutes) {
        if (minutes == null) {
            return null;
        }
        return minutes < 0 ? NoVal.INFINITE : NoVal.of(minutes);
    }

    @Override
    public List<JobInfo> jobs(JsonNode response) {
        List<Job> jobs = Json.read(response, Jobs.class).jobs();
        return jobs == null ? List.of() : jobs.stream().map(V0040Api::info).toList();
    }

    private static JobInfo info(Job j) {
        ExitCode exit = j.exitCode();
        Integer code = exit == null ? null : NoVal.intValueOf(exit.returnCode());
        Integer signal = exit == null || exit.signal() == null ? null : NoVal.intValueOf(exit.signal().id());
        String state = j.jobState() == null || j.jobState().isEmpty() ? null : j.jobState().get(0);
        return JobInfos.of(j.jobId(), j.name(), j.userName(), state, j.stateReason(), code, signal, j.partition(), j.nodes(),
                j.batchHost(), j.comment(), j.currentWorkingDirectory(), j.standardOutput(), j.standardError(),
                NoVal.valueOf(j.submitTime()), NoVal.valueOf(j.startTime()), NoVal.valueOf(j.endTime()));
    }

    @Override
    public List<NodeInfo> nodes(JsonNode response) {
        List<Node> nodes = Json.read(response, Nodes.class).nodes();
        return nodes == null ? List.of() : nodes.stream().map(n -> new NodeInfo(n.name(), n.address(), n.hostname(),
                n.state() == null ? List.of() : n.state().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList(),
                n.cpus() == null ? 0 : n.cpus(), n.allocCpus() == null ? 0 : n.allocCpus(),
                n.realMemory() == null ? 0 : n.realMemory(), n.allocMemory() == null ? 0 : n.allocMemory(),
                n.gres() == null ? "" : n.gres(), n.gresUsed() == null ? "" : n.gresUsed(), n.partitions(),
                JobInfos.blankToNull(n.reason()))).toList();
    }

    @Override
    public List<PartitionInfo> partitions(JsonNode response, String defaultPartition) {
        List<Partition> partitions = Json.read(response, Partitions.class).partitions();
        return partitions == null ? List.of() : partitions.stream().map(p -> new PartitionInfo(p.name(),
                p.partition() == null || p.partition().state() == null || p.partition().state().isEmpty()
                        ? null : p.partition().state().get(0),
                Hostlist.expand(p.nodes() == null ? null : p.nodes().configured()),
                p.cpus() == null || p.cpus().total() == null ? 0 : p.cpus().total(),
                p.maximums() == null ? null : NoVal.intValueOf(p.maximums().time()),
                p.name() != null && p.name().equals(defaultPartition))).toList();
    }
}
