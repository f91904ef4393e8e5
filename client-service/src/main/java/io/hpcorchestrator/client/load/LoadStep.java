package io.hpcorchestrator.client.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One load level, with vLLM's meaning. Either open loop: requests arrive at {@code requestRate} per second with
 * Gamma-distributed gaps of shape {@code burstiness} (1 is a Poisson process, larger is more regular), whatever
 * the target's answers do, optionally with at most {@code maxConcurrency} in flight (the rest wait in the client,
 * and their latency still counts from their intended send time); or closed loop: {@code concurrency} clients, each
 * sending its next request when its previous one has finished.
 *
 * @param requestRate    requests per second; {@code null} for a closed loop; infinite sends every request at once
 * @param burstiness     the Gamma shape of the gaps between arrivals (open loop only)
 * @param maxConcurrency a cap on requests in flight (open loop only), or null
 * @param concurrency    the closed loop's number of clients, or null for an open loop
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoadStep(Double requestRate, double burstiness, Integer maxConcurrency, Integer concurrency) {

    public static LoadStep openLoop(double requestRate, double burstiness, Integer maxConcurrency) {
        return new LoadStep(requestRate, burstiness, maxConcurrency, null);
    }

    public static LoadStep closedLoop(int concurrency) {
        return new LoadStep(null, 1.0, null, concurrency);
    }

    @JsonIgnore
    public boolean isClosedLoop() {
        return concurrency != null;
    }

    @JsonIgnore
    public boolean isAllAtOnce() {
        return requestRate != null && requestRate.isInfinite();
    }

    /** The load level for charts and logs: the rate or the concurrency. */
    @JsonIgnore
    public double level() {
        return isClosedLoop() ? concurrency : requestRate;
    }

    /** {@code rate=10/s}, {@code rate=inf}, {@code rate=10/s burstiness=4 max_concurrency=8}, {@code concurrency=4}. */
    @JsonIgnore
    public String label() {
        if (isClosedLoop()) {
            return "concurrency=" + concurrency;
        }
        StringBuilder label = new StringBuilder("rate=").append(isAllAtOnce() ? "inf" : number(requestRate) + "/s");
        if (!isAllAtOnce() && burstiness != 1.0) {
            label.append(" burstiness=").append(number(burstiness));
        }
        if (maxConcurrency != null) {
            label.append(" max_concurrency=").append(maxConcurrency);
        }
        return label.toString();
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
