package io.hpcorchestrator.client;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.limits.*}: how much of the machine and the cluster one user may hold at once. Beyond a limit a start is
 * answered 429 with {@code Retry-After}.
 *
 * @param activeBenchmarksPerUser   benchmarks run by this service (PENDING or RUNNING) one user may have
 * @param activeClientGroupsPerUser client groups (SLURM jobs, PENDING or RUNNING) one user may have
 * @param activeRetryAfter          the {@code Retry-After} of such a refusal: when a benchmark ends cannot be known
 */
@ConfigurationProperties("hpc.limits")
public record LimitProperties(
        @DefaultValue("3") int activeBenchmarksPerUser,
        @DefaultValue("2") int activeClientGroupsPerUser,
        @DefaultValue("30s") Duration activeRetryAfter) {

    public LimitProperties {
        if (activeBenchmarksPerUser < 1) {
            throw new IllegalArgumentException("hpc.limits.active-benchmarks-per-user must be at least 1");
        }
        if (activeClientGroupsPerUser < 1) {
            throw new IllegalArgumentException("hpc.limits.active-client-groups-per-user must be at least 1");
        }
        if (activeRetryAfter.isNegative() || activeRetryAfter.isZero()) {
            throw new IllegalArgumentException("hpc.limits.active-retry-after must be positive");
        }
    }
}
