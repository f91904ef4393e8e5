package io.hpcorchestrator.server.limits;

import io.hpcorchestrator.security.PerUserRate;
import io.hpcorchestrator.security.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/** Admits a user's deploy, or refuses it with 429 and {@code Retry-After}: too many active services, or too many deploys a minute. */
@Component
public class DeployLimits {

    private final LimitsProperties properties;
    private final PerUserRate deploys;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public DeployLimits(LimitsProperties properties, Clock clock) {
        this.properties = properties;
        this.deploys = new PerUserRate("deploys", properties.deploysPerMinute(), Duration.ofMinutes(1), clock);
    }

    /**
     * Runs {@code store} if {@code user} may deploy one more service; {@code active} counts the user's unfinished
     * services. One user's deploys are admitted one at a time, so two concurrent requests cannot both take the last
     * free place.
     */
    public void admit(String user, LongSupplier active, Runnable store) {
        synchronized (locks.computeIfAbsent(user, name -> new Object())) {
            long running = active.getAsLong();
            if (running >= properties.activeServicesPerUser()) {
                throw new TooManyRequestsException("at most " + properties.activeServicesPerUser() + " active services per user; "
                        + "cancel one (DELETE /api/v1/services/{id}) or wait until one ends", properties.activeRetryAfter());
            }
            deploys.acquire(user);
            store.run();
        }
    }
}
