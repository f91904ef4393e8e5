package io.hpcorchestrator.client.benchmark;

/**
 * @param phase          {@code warmup} or {@code measuring} while running, {@code ended} after
 * @param step           the load step running (0-based), null during warm-up
 * @param requestsDone   measured requests that have ended, successful or not
 * @param requestsTotal  requests the plan sends at most, null when a duration decides
 * @param inFlight       requests sent and not yet answered
 * @param elapsedSeconds since the run started (warm-up included)
 * @param etaSeconds     an estimate of the time left, null when nothing can be said yet
 */
public record ProgressView(
        String phase,
        Integer step,
        int steps,
        long requestsDone,
        Long requestsTotal,
        long completed,
        long failed,
        int inFlight,
        Double elapsedSeconds,
        Double etaSeconds) {
}
