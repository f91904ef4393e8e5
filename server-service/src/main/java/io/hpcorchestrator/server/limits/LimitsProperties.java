package io.hpcorchestrator.server.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.limits.*}: how much of a shared cluster one user may take through the server. Admins are held to
 * the same limits: they deploy with the same SLURM identity as everyone else.
 *
 * @param activeServicesPerUser services of one user that have not ended (SUBMITTING to RUNNING, CANCELLING)
 * @param activeRetryAfter      the {@code Retry-After} when that limit refuses a deploy: services end at their own pace
 * @param deploysPerMinute      accepted deploys of one user in any sliding minute (refused requests do not count)
 */
@ConfigurationProperties("hpc.limits")
public record LimitsProperties(@DefaultValue("10") int activeServicesPerUser, @DefaultValue("30s") Duration activeRetryAfter,
        @DefaultValue("10") int deploysPerMinute) {

    public LimitsProperties {
        if (activeServicesPerUser < 1) {
            throw new IllegalArgumentException("hpc.limits.active-services-per-user must be at least 1");
        }
        if (deploysPerMinute < 1) {
            throw new IllegalArgumentException("hpc.limits.deploys-per-minute must be at least 1");
        }
        if (activeRetryAfter.isNegative() || activeRetryAfter.isZero()) {
            throw new IllegalArgumentException("hpc.limits.active-retry-after must be positive");
        }
    }
}
