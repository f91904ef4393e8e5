package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link SlurmClient} over the SLURM commands, wherever a {@link CommandRunner} runs them. One command per verb:
 *
 * <ul>
 *   <li>{@code submit}: {@code sbatch --parsable --export=ALL --job-name=.. --chdir=..} with the script on stdin
 *       and the submission environment in the command's environment, so values never touch a command line
 *       locally and are quoted as shell words over SSH.</li>
 *   <li>{@code jobs}: {@code scontrol show job --oneliner} for all jobs, filtered here; for a single id,
 *       {@code scontrol show job --oneliner <id>}. Only scontrol reports exit codes and signals
 *       ({@code ExitCode=3:0}) next to state, nodes, batch host, comment and paths; squeue's
 *       {@code --Format} truncates values, its {@code --format} has no exit code, and {@code squeue --json}
 *       on 22.05 ignores every filter and changes shape with each release. scontrol takes one id at most,
 *       and {@code squeue --jobs} fails as a whole on one unknown id, so listing all jobs is how unknown
 *       ids come out absent instead of failing the call. Finished jobs stay listed for {@code MinJobAge}.</li>
 *   <li>{@code jobsNamed}: the same listing, filtered by exact name.</li>
 *   <li>{@code queue}: the same listing, unfiltered.</li>
 *   <li>{@code cancel}: {@code scancel <id>}; SLURM already treats finished and unknown jobs as done.</li>
 *   <li>{@code nodes}, {@code partitions}: {@code scontrol show node|partition --oneliner}.</li>
 * </ul>
 *
 * <p>Read commands run with {@code TZ=UTC0} and {@code SLURM_TIME_FORMAT=standard}: SLURM prints local times
 * without a zone, in whatever format the login shell asks for.
 */
public final class CliSlurmClient implements SlurmClient {

    static final Map<String, String> READ_ENVIRONMENT = Map.of("TZ", "UTC0", "SLURM_TIME_FORMAT", "standard");
    static final Duration LOCAL_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** Messages that mean SLURM was not reached (or not asked), whatever the command. */
    private static final List<String> UNREACHABLE = List.of("unable to contact slurm controller", "socket timed out",
            "connection refused", "connection timed out", "communication connection failure",
            "zero bytes were transmitted", "slurm backup controller in standby", "transport endpoint",
            "authentication", "munge", "command not found", "not responding");
    private static final int COMMAND_NOT_FOUND = 127;

    private final CommandRunner runner;
    private final ScontrolOutput output = ScontrolOutput.utc();

    public CliSlurmClient(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * The SLURM commands on this machine: the suite runs on a login node. Nothing in {@code hpc.cluster} configures
     * this transport yet; each command may run for {@link #LOCAL_COMMAND_TIMEOUT}.
     */
    public static CliSlurmClient local(ClusterProperties properties) {
        return new CliSlurmClient(new LocalCommandRunner(LOCAL_COMMAND_TIMEOUT));
    }

    /** The SLURM commands on the login node {@code hpc.cluster.ssh.*} names, over one pooled SSH session. */
    public static CliSlurmClient ssh(ClusterProperties properties) {
        return new CliSlurmClient(new SshCommandRunner(properties.ssh()));
    }

    @Override
    public long submit(JobSubmission submission) {
        Command sbatch = Command.of("sbatch", "--parsable", "--export=ALL", "--job-name=" + submission.jobName(),
                        "--chdir=" + submission.workDir())
                .withStdin(submission.script().getBytes(StandardCharsets.UTF_8))
                .withEnvironment(submission.environment());
        CommandResult result = run(sbatch);
        if (!result.succeeded()) {
            throw failure(result, true);
        }
        try {
            return ScontrolOutput.submittedJobId(result.stdout());
        } catch (IllegalArgumentException e) {
            throw SlurmException.unavailable(transport(), e.getMessage(), e);
        }
    }

    @Override
    public List<JobInfo> jobs(Collection<Long> ids) {
        Set<Long> wanted = Set.copyOf(ids);
        if (wanted.isEmpty()) {
            return List.of();
        }
        String output = wanted.size() == 1 ? oneJob(wanted.iterator().next()) : allJobs();
        return parseJobs(output).stream().filter(job -> wanted.contains(job.id())).toList();
    }

    @Override
    public List<JobInfo> jobsNamed(String name) {
        return parseJobs(allJobs()).stream().filter(job -> name.equals(job.name())).toList();
    }

    @Override
    public List<JobInfo> queue() {
        return parseJobs(allJobs());
    }

    @Override
    public void cancel(long jobId) {
        CommandResult result = run(Command.of("scancel", Long.toString(jobId)));
        if (!result.succeeded() && !alreadyGone(result)) {
            throw failure(result, true);
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        String text = read("scontrol", "show", "node", "--oneliner");
        return parse(() -> output.nodes(text));
    }

    @Override
    public List<PartitionInfo> partitions() {
        String text = read("scontrol", "show", "partition", "--oneliner");
        return parse(() -> output.partitions(text));
    }

    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        try {
            return runner.readFile(path, offset, maxBytes);
        } catch (CommandException e) {
            throw SlurmException.unavailable(transport(), e.getMessage(), e);
        }
    }

    @Override
    public boolean canReadFiles() {
        return true;
    }

    @Override
    public String transport() {
        return runner.transport();
    }

    @Override
    public void close() {
        runner.close();
    }

    @Override
    public String toString() {
        return "CliSlurmClient[" + runner + "]";
    }

    private String oneJob(long id) {
        CommandResult result = run(Command.of("scontrol", "show", "job", "--oneliner", Long.toString(id)).withEnvironment(READ_ENVIRONMENT));
        if (!result.succeeded() && result.message().contains("Invalid job id specified")) {
            return "";
        }
        if (!result.succeeded()) {
            throw failure(result, false);
        }
        return result.stdout();
    }

    private String allJobs() {
        return read("scontrol", "show", "job", "--oneliner");
    }

    private List<JobInfo> parseJobs(String text) {
        return parse(() -> output.jobs(text));
    }

    private String read(String... argv) {
        CommandResult result = run(Command.of(argv).withEnvironment(READ_ENVIRONMENT));
        if (!result.succeeded()) {
            throw failure(result, false);
        }
        return result.stdout();
    }

    private CommandResult run(Command command) {
        try {
            return runner.run(command);
        } catch (CommandException e) {
            throw SlurmException.unavailable(transport(), e.getMessage(), e);
        }
    }

    private <T> T parse(Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (RuntimeException e) {
            throw SlurmException.unavailable(transport(), "could not read SLURM's output: " + e.getMessage(), e);
        }
    }

    private static boolean alreadyGone(CommandResult result) {
        String message = result.message().toLowerCase(Locale.ROOT);
        return message.contains("invalid job id specified") || message.contains("already completing or completed")
                || message.contains("job has already finished");
    }

    /**
     * SLURM's own words, without the {@code sbatch: error:} prefixes. Refusals are {@code REJECTED} only for
     * requests SLURM judges (submit, cancel); a failing read means SLURM could not answer.
     */
    private SlurmException failure(CommandResult result, boolean slurmJudgesTheRequest) {
        String message = result.message().lines()
                .map(line -> line.replaceFirst("^\\S+: error: ", "").strip())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = "exit code " + result.exitCode();
        }
        String lower = message.toLowerCase(Locale.ROOT);
        boolean unreachable = result.exitCode() == COMMAND_NOT_FOUND || UNREACHABLE.stream().anyMatch(lower::contains);
        if (slurmJudgesTheRequest && !unreachable) {
            return SlurmException.rejected(transport(), message);
        }
        return new SlurmException(SlurmException.Kind.UNAVAILABLE, transport(), message);
    }
}
