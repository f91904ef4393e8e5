package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.client.benchmark.BenchmarkRecord;
import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.benchmark.BenchmarkService;
import io.hpcorchestrator.client.benchmark.BenchmarkStatus;
import io.hpcorchestrator.schedule.RepeatingTask;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the SLURM jobs of client groups, level-based: each cycle reads the groups that have not ended and asks
 * SLURM about all their jobs in one call (none when there are none), then moves each group to what its job shows.
 * A job that has ended has its records file read back through the transport and imported, and the group ends with
 * results computed from them, as for any benchmark. Idempotent: a group whose import was cut short by a restart is
 * imported again from the same file.
 *
 * <pre>
 *  job PENDING ─> group PENDING (SLURM's reason)
 *  job RUNNING ─> group RUNNING
 *  job ended   ─> records read ─> COMPLETED | FAILED (job failed, timed out, or no records) | CANCELLED (DELETE)
 * </pre>
 */
@Component
class ClientGroupReconciler implements SmartLifecycle {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientGroupReconciler.class);
    /** Records of a job that has just ended may still be being written (SIGTERM, then up to KillWait before SIGKILL). */
    private static final Duration RECORDS_GRACE = Duration.ofSeconds(40);
    /** A group without a job id this long after it was stored lost its submission to a crash. */
    private static final Duration SUBMISSION_LOST = Duration.ofSeconds(60);
    private static final int CHUNK = 4 << 20;
    private static final long MAX_RECORDS_BYTES = 1L << 30;

    private final BenchmarkRepository repository;
    private final BenchmarkService benchmarks;
    private final ObjectProvider<SlurmClient> slurm;
    private final ClientProperties properties;
    private final Clock clock;
    private final RepeatingTask loop;

    ClientGroupReconciler(BenchmarkRepository repository, BenchmarkService benchmarks, ObjectProvider<SlurmClient> slurm,
            ClientProperties properties, Clock clock) {
        this.repository = repository;
        this.benchmarks = benchmarks;
        this.slurm = slurm;
        this.properties = properties;
        this.clock = clock;
        Duration interval = properties.groups().pollInterval();
        this.loop = RepeatingTask.withDelay("hpc-client-groups", interval, interval, this::reconcileAll);
    }

    /** One cycle over every group that has not ended. */
    synchronized void reconcileAll() {
        List<BenchmarkRecord> groups = repository.withStatus(EnumSet.of(BenchmarkStatus.PENDING, BenchmarkStatus.RUNNING), BenchmarkRecord.SLURM);
        if (groups.isEmpty()) {
            return;
        }
        SlurmClient transport = slurm.getObject();
        List<Long> ids = groups.stream().map(BenchmarkRecord::jobId).filter(java.util.Objects::nonNull).toList();
        Map<Long, JobInfo> jobs;
        try {
            jobs = transport.jobs(ids).stream().collect(Collectors.toMap(JobInfo::id, Function.identity(), (a, b) -> a));
        } catch (SlurmException e) {
            log.warn("client groups: SLURM could not be asked about {} jobs: {}", ids.size(), e.getMessage());
            return;
        }
        for (BenchmarkRecord group : groups) {
            try {
                reconcile(transport, group, group.jobId() == null ? null : jobs.get(group.jobId()));
            } catch (RuntimeException e) {
                log.warn("client group {}: {}", group.id(), e.getMessage(), e);
            }
        }
    }

    /** One group now (after a DELETE, so the answer can show the end). */
    synchronized void reconcile(String id) {
        BenchmarkRecord group = repository.find(id).orElse(null);
        if (group == null || group.status().isTerminal() || group.jobId() == null) {
            return;
        }
        SlurmClient transport = slurm.getObject();
        try {
            reconcile(transport, group, transport.jobs(List.of(group.jobId())).stream().findFirst().orElse(null));
        } catch (SlurmException e) {
            log.warn("client group {}: SLURM could not be asked about job {}: {}", id, group.jobId(), e.getMessage());
        }
    }

    private void reconcile(SlurmClient transport, BenchmarkRecord group, JobInfo job) {
        Instant now = clock.instant();
        if (group.jobId() == null) {
            if (Duration.between(group.createdAt(), now).compareTo(SUBMISSION_LOST) > 0) {
                recoverSubmission(transport, group);
            }
            return;
        }
        if (job != null && !job.state().isFinished()) {
            if (job.state() == JobState.PENDING) {
                repository.observe(group.id(), BenchmarkStatus.PENDING, "job " + job.id() + " pending" + (job.reason() == null ? "" : ": " + job.reason()),
                        null, now);
            } else if (group.status() == BenchmarkStatus.PENDING) {
                repository.observe(group.id(), BenchmarkStatus.RUNNING, null, job.startTime() != null ? job.startTime() : now, now);
            }
            return;
        }
        Optional<byte[]> bytes = read(transport, group.resultPath());
        if (bytes.isEmpty() && job != null && job.endTime() != null && Duration.between(job.endTime(), now).compareTo(RECORDS_GRACE) < 0) {
            return;
        }
        BenchmarkStatus status;
        String reason;
        String state = job == null ? "no longer known to SLURM" : job.state().name()
                + (job.exitCode() == null ? "" : ", exit code " + job.exitCode()) + (job.signal() == null || job.signal() == 0 ? "" : ", signal " + job.signal());
        if (bytes.isPresent()) {
            RecordsFile records;
            try {
                records = RecordsFile.read(bytes.get());
            } catch (IllegalArgumentException e) {
                benchmarks.end(group.id(), group.cancelRequested() ? BenchmarkStatus.CANCELLED : BenchmarkStatus.FAILED,
                        "job " + group.jobId() + " (" + state + ") left an unreadable records file " + group.resultPath() + ": " + e.getMessage());
                return;
            }
            repository.replaceRecords(group.id(), records.steps().stream()
                    .map(step -> new BenchmarkRepository.StepRow(step.step(), step.startedAt(), step.durationUs())).toList(), records.requests());
            if (records.model() != null) {
                repository.updateModel(group.id(), records.model());
            }
            if (group.startedAt() == null && !records.steps().isEmpty()) {
                repository.observe(group.id(), BenchmarkStatus.RUNNING, null, records.steps().get(0).startedAt(), now);
            }
            if (group.cancelRequested()) {
                status = BenchmarkStatus.CANCELLED;
                reason = "cancelled; results hold the " + records.requests().size() + " requests that had ended";
            } else if (job != null && job.state() == JobState.TIMEOUT) {
                status = BenchmarkStatus.FAILED;
                reason = "job " + group.jobId() + " reached its time limit; results hold the requests that had ended";
            } else if ("COMPLETED".equals(records.outcome())) {
                status = BenchmarkStatus.COMPLETED;
                reason = null;
            } else {
                status = "CANCELLED".equals(records.outcome()) ? BenchmarkStatus.CANCELLED : BenchmarkStatus.FAILED;
                reason = "job " + group.jobId() + " (" + state + "): " + (records.reason() == null ? "the run stopped" : records.reason());
            }
        } else {
            status = group.cancelRequested() ? BenchmarkStatus.CANCELLED : BenchmarkStatus.FAILED;
            reason = "job " + group.jobId() + " ended (" + state + ") without writing its records" + (group.cancelRequested() ? "" : "; see the job's output in "
                    + (job != null && job.stdoutPath() != null ? job.stdoutPath() : "the cluster's logs directory"));
        }
        if (benchmarks.end(group.id(), status, reason)) {
            log.info("client group {} (job {}) {}{}", group.id(), group.jobId(), status, reason == null ? "" : ": " + reason);
        }
    }

    /** The service stopped between storing the group and learning its job id: find the job by its unique name. */
    private void recoverSubmission(SlurmClient transport, BenchmarkRecord group) {
        List<JobInfo> named = transport.jobsNamed(group.jobName());
        if (named.isEmpty()) {
            benchmarks.end(group.id(), BenchmarkStatus.FAILED, "the client service stopped while submitting the job; no job named "
                    + group.jobName() + " exists");
        } else {
            repository.setJob(group.id(), named.get(0).id(), clock.instant());
        }
    }

    /** The whole file, chunk by chunk; empty when it does not exist. */
    private static Optional<byte[]> read(SlurmClient transport, String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            Optional<FileChunk> chunk = transport.readFile(path, offset, CHUNK);
            if (chunk.isEmpty()) {
                return offset == 0 ? Optional.empty() : Optional.of(bytes.toByteArray());
            }
            byte[] data = chunk.get().data();
            bytes.write(data, 0, data.length);
            offset += data.length;
            if (data.length == 0 || offset >= chunk.get().size() || offset > MAX_RECORDS_BYTES) {
                return Optional.of(bytes.toByteArray());
            }
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
