package io.hpcorchestrator.server.monitoring;

import io.hpcorchestrator.server.service.ServiceRecord;
import io.hpcorchestrator.server.service.ServiceState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The server's orchestration metrics that follow a service's stored changes: time from submission to RUNNING,
 * failures by reason and restarts (SLURM requeued a job that had started). Recorded only for changes that
 * were written, so a reconcile cycle that lost a race to the API counts nothing.
 */
public final class OrchestrationMeters {

    /** Time-to-RUNNING buckets: services start in seconds (the simulator) to an hour (a large model's image build). */
    private static final Duration[] TIME_TO_RUNNING_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1)};
    private static final Pattern REASON_CLASS = Pattern.compile("[A-Za-z][A-Za-z_]{0,39}");

    private OrchestrationMeters() {
    }

    /** After {@code before} was stored as {@code after}. */
    public static void changed(MeterRegistry meters, ServiceRecord before, ServiceRecord after) {
        String recipe = after.recipeName();
        if (after.status() != before.status()) {
            if (after.status() == ServiceState.RUNNING && after.submittedAt() != null) {
                Timer.builder("hpc.services.time.to.running")
                        .description("Time from submission to RUNNING (job running and readiness probe passed)")
                        .tag("recipe", recipe)
                        .serviceLevelObjectives(TIME_TO_RUNNING_BUCKETS)
                        .register(meters)
                        .record(Duration.between(after.submittedAt(), after.readyAt() != null ? after.readyAt() : after.updatedAt()));
            }
            if (after.status() == ServiceState.FAILED) {
                meters.counter("hpc.services.failures", "recipe", recipe, "reason", reasonClass(after.reason())).increment();
            }
        }
        if (isRequeue(after.reason()) && !isRequeue(before.reason())) {
            meters.counter("hpc.services.restarts", "recipe", recipe).increment();
        }
    }

    /**
     * The constant in front of a reason ({@code NonZeroExitCode: exit code 3} gives {@code NonZeroExitCode}), so the
     * label has a handful of values, never the free text after the colon.
     */
    public static String reasonClass(String reason) {
        if (reason == null || reason.isBlank()) {
            return "None";
        }
        String head = reason.split(":", 2)[0].strip();
        return REASON_CLASS.matcher(head).matches() ? head : "Other";
    }

    private static boolean isRequeue(String reason) {
        return reason != null && reason.startsWith("Requeued");
    }
}
