package io.hpcorchestrator.client.load;

import java.time.Instant;

/**
 * What a run reports as it goes. Called from the runner's threads, several at once for {@link #requestFinished}:
 * implementations must be thread-safe and quick (they sit on the path that times answers).
 */
public interface RunSink {

    /** The target's model, once known (given, or the first one the target lists). */
    default void modelResolved(String model) {
    }

    /** A measured step begins; request times of the step count from {@code startedAt}. */
    void stepStarted(int step, LoadStep load, Instant startedAt);

    /** A request of the step has been handed to the HTTP client. */
    default void requestSent(int step) {
    }

    /** A measured request has ended, successfully or not. Aborted requests (a cancelled run) are not reported. */
    void requestFinished(RequestRecord record);

    /** The step has sent everything and every answer has ended (or the run was cancelled). */
    void stepFinished(int step, long durationUs);
}
