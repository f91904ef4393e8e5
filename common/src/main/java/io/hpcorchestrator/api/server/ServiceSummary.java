package io.hpcorchestrator.api.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A service as the server lists it (its {@code ServiceView}), with the fields other services use. Output paths are
 * the job's real files once the job id is known; before that they may still hold SLURM's {@code %j}.
 *
 * @param name       the SLURM job name
 * @param status     the lifecycle state ({@code PENDING} ... {@code COMPLETED | FAILED | CANCELLED})
 * @param endpoint   {@code http://address:port} once the job has reported where it listens
 * @param stdoutPath the job's standard output file on the cluster
 * @param stderrPath the job's standard error file; the same file as stdout when the recipe merges them
 * @param owner      the user who deployed it; services of the suite show a user only what that user owns
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceSummary(
        String id,
        Long jobId,
        String name,
        String recipeName,
        String status,
        String reason,
        String endpoint,
        String node,
        String address,
        Integer port,
        Integer exitCode,
        String stdoutPath,
        String stderrPath,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant endedAt,
        String owner) {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /** Whether the service has reached an end state: no job of it runs or will run. */
    public boolean isTerminal() {
        return status != null && TERMINAL.contains(status);
    }
}
