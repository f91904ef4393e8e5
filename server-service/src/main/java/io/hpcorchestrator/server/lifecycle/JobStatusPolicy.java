package io.hpcorchestrator.server.lifecycle;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import io.hpcorchestrator.slurm.JobInfo;
import java.util.Optional;

/**
 * Maps a job as SLURM reports it, the job's own progress report and the readiness probe to a service state.
 * A pure function, so each edge of the lifecycle has its own test.
 *
 * <p>Reasons are short CamelCase constants, SLURM's own pending reasons ({@code Resources}, {@code Priority}),
 * or SLURM's terminal state names ({@code TIMEOUT}, {@code OUT_OF_MEMORY}, {@code NODE_FAIL}), followed by
 * detail after a colon where it helps.
 */
final class JobStatusPolicy {

    private JobStatusPolicy() {
    }

    /**
     * @param job   the job, or empty when SLURM no longer knows it
     * @param ready the readiness probe's verdict, empty when it was not probed this cycle
     */
    static Observation observe(ServiceRecord service, Optional<JobInfo> job, Optional<Boolean> ready) {
        ServiceState current = service.status();
        if (job.isEmpty()) {
            return service.cancelRequested()
                    ? new Observation(ServiceState.CANCELLED, "CancelledByUser", null)
                    : new Observation(ServiceState.FAILED, "JobLost: SLURM no longer knows job " + service.jobId(), null);
        }
        JobInfo info = job.get();
        return switch (info.state()) {
            case PENDING, CONFIGURING, REQUEUED, REQUEUE_HOLD, REQUEUE_FED, RESIZING, SUSPENDED, STOPPED ->
                    new Observation(current == ServiceState.SUBMITTING ? ServiceState.PENDING : current,
                            current.isOnNode() ? "Requeued: " + info.state() : pendingReason(info), null);
            case RUNNING, COMPLETING, SIGNALING, STAGE_OUT -> running(service, info, ready);
            case COMPLETED -> new Observation(ServiceState.COMPLETED, "JobCompleted", info.exitCode());
            case CANCELLED -> new Observation(ServiceState.CANCELLED,
                    service.cancelRequested() ? "CancelledByUser" : "CancelledInSlurm", info.exitCode());
            case FAILED -> new Observation(ServiceState.FAILED, failure(info), info.exitCode());
            case TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE, REVOKED, SPECIAL_EXIT ->
                    new Observation(ServiceState.FAILED, info.state().name(), info.exitCode());
            case UNKNOWN -> new Observation(current, service.reason(), null);
        };
    }

    private static Observation running(ServiceRecord service, JobInfo info, Optional<Boolean> ready) {
        ServiceState current = service.status();
        JobReport report = JobReport.parse(info.comment());
        if (report.started()) {
            if (ready.orElse(false)) {
                return new Observation(ServiceState.RUNNING, null, null);
            }
            if (current == ServiceState.RUNNING) {
                // Readiness lost after it was reached: the service stays RUNNING (the job runs) and says so.
                return new Observation(ServiceState.RUNNING, ready.isPresent() ? "ReadinessProbeFailing" : service.reason(), null);
            }
            return new Observation(ServiceState.STARTING, ready.isPresent() ? "ReadinessProbeFailing" : "WaitingForReadiness", null);
        }
        if (report.building()) {
            return new Observation(current.canMoveTo(ServiceState.BUILDING) ? ServiceState.BUILDING : current, "BuildingImage", null);
        }
        // Running, but the script has not reported yet: only its first lines have run.
        return new Observation(current == ServiceState.SUBMITTING ? ServiceState.PENDING : current, "JobStarted", null);
    }

    private static String pendingReason(JobInfo info) {
        return info.reason() == null || info.reason().isBlank() || info.reason().equals("None") ? "Queued" : info.reason();
    }

    private static String failure(JobInfo info) {
        if (info.signal() != null && info.signal() > 0) {
            return "Signal: " + info.signal();
        }
        if (info.exitCode() != null) {
            return "NonZeroExitCode: exit code " + info.exitCode();
        }
        return info.reason() == null ? "FAILED" : "FAILED: " + info.reason();
    }
}
