package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.LoadPlan;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** How far a running benchmark is, counted as it goes. Thread-safe. */
final class RunProgress {

    private final int steps;
    private final java.util.List<io.hpcorchestrator.client.load.LoadStep> loads;
    private final Integer requestsPerStep;
    private final Double secondsPerStep;
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger step = new AtomicInteger(-1);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long stepStartedNanos;
    private volatile long doneBeforeStep;
    private final AtomicLong sentInStep = new AtomicLong();

    RunProgress(LoadPlan plan) {
        this.steps = plan.steps().size();
        this.loads = plan.steps();
        this.requestsPerStep = plan.stop().requests();
        this.secondsPerStep = plan.stop().durationSeconds();
    }

    void stepStarted(int index) {
        long now = System.nanoTime();
        doneBeforeStep = completed.get() + failed.get();
        sentInStep.set(0);
        stepStartedNanos = now;
        step.set(index);
    }

    void sent() {
        inFlight.incrementAndGet();
        sentInStep.incrementAndGet();
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
     * Seconds left: for an open loop at a known rate, the sends still due at that rate; otherwise the current step's
     * remaining requests at its pace so far. A duration caps either. Later steps are assumed to take as long as this one.
     */
    private Double eta(long now, int current, long done) {
        double stepElapsed = (now - stepStartedNanos) / 1e9;
        Double left = null;
        io.hpcorchestrator.client.load.LoadStep load = loads.get(current);
        if (requestsPerStep != null) {
            if (!load.isClosedLoop() && !load.isAllAtOnce()) {
                left = Math.max(0, requestsPerStep - sentInStep.get()) / load.requestRate();
            } else if (done - doneBeforeStep > 0) {
                left = stepElapsed / (done - doneBeforeStep) * Math.max(0, requestsPerStep - (done - doneBeforeStep));
            }
        }
        if (secondsPerStep != null) {
            double byDuration = Math.max(0, secondsPerStep - stepElapsed);
            left = left == null ? byDuration : Math.min(left, byDuration);
        }
        if (left == null) {
            return null;
        }
        return left + (stepElapsed + left) * (steps - current - 1);
    }
}
