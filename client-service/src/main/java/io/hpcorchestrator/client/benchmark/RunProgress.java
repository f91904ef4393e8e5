package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.LoadPlan;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** How far a running benchmark is, counted as it goes. Thread-safe. */
final class RunProgress {

    private final int steps;
    private final Integer requestsPerStep;
    private final Double secondsPerStep;
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger step = new AtomicInteger(-1);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long stepStartedNanos;
    private volatile long doneBeforeStep;

    RunProgress(LoadPlan plan) {
        this.steps = plan.steps().size();
        this.requestsPerStep = plan.stop().requests();
        this.secondsPerStep = plan.stop().durationSeconds();
    }

    void stepStarted(int index) {
        long now = System.nanoTime();
        doneBeforeStep = completed.get() + failed.get();
        stepStartedNanos = now;
        step.set(index);
    }

    void sent() {
        inFlight.incrementAndGet();
    }

    void finished(boolean success) {
        inFlight.decrementAndGet();
        (success ? completed : failed).incrementAndGet();
    }

    ProgressView view() {
        long now = System.nanoTime();
        int current = step.get();
        long done = completed.get() + failed.get();
        Long total = requestsPerStep == null ? null : (long) requestsPerStep * steps;
        return new ProgressView(current < 0 ? "warmup" : "measuring", current < 0 ? null : current, steps, done, total, completed.get(),
                failed.get(), Math.max(0, inFlight.get()), (now - startedNanos) / 1e9, current < 0 ? null : eta(now, current, done));
    }

    /**
     * Seconds left: the current step's remaining requests at its pace so far, or its remaining duration, whichever
     * is sooner; later steps are assumed to take as long as this one.
     */
    private Double eta(long now, int current, long done) {
        double stepElapsed = (now - stepStartedNanos) / 1e9;
        Double left = null;
        if (secondsPerStep != null) {
            left = Math.max(0, secondsPerStep - stepElapsed);
        }
        long doneInStep = done - doneBeforeStep;
        if (requestsPerStep != null && doneInStep > 0) {
            double byCount = stepElapsed / doneInStep * Math.max(0, requestsPerStep - doneInStep);
            left = left == null ? byCount : Math.min(left, byCount);
        }
        if (left == null) {
            return null;
        }
        return left + (stepElapsed + left) * (steps - current - 1);
    }
}
