package io.hpcorchestrator.server.limits;

import io.hpcorchestrator.security.PerUserActiveLimit;
import io.hpcorchestrator.security.PerUserRate;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/** Admits a user's deploy, or refuses it with 429 and {@code Retry-After}: too many active services, or too many deploys a minute. */
@Component
public class DeployLimits {

    private final PerUserActiveLimit active;
    private final PerUserRate deploys;

    public DeployLimits(LimitsProperties properties, Clock clock) {
        this.active = new PerUserActiveLimit("active services", properties.activeServicesPerUser(), properties.activeRetryAfter(),
                "cancel one (DELETE /api/v1/services/{id}) or wait until one ends");
        this.deploys = new PerUserRate("deploys", properties.deploysPerMinute(), Duration.ofMinutes(1), clock);
    }

    /**
     * Runs {@code store} if {@code user} may deploy one more service; {@code active} counts the user's unfinished
     * services. A deploy refused for its active services is not counted against the rate.
     */
    public void admit(String user, LongSupplier active, Runnable store) {
        this.active.admit(user, active, () -> {
            deploys.acquire(user);
            store.run();
        });
    }
}
