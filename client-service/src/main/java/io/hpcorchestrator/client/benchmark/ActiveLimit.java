package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.security.TooManyRequestsException;
import java.time.Duration;

/**
 * At most {@code limit} queued or running benchmarks of one runner per user, counted in the database. The count and
 * the insert happen under one lock, so two starts arriving together cannot both take the last place.
 */
public final class ActiveLimit {

    private final BenchmarkRepository repository;
    private final String runner;
    private final String what;
    private final int limit;
    private final Duration retryAfter;
    private final Object lock = new Object();

    /** @param what names the resource in the refusal, e.g. "benchmarks" */
    public ActiveLimit(BenchmarkRepository repository, String runner, String what, int limit, Duration retryAfter) {
        this.repository = repository;
        this.runner = runner;
        this.what = what;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** Refuses early, before anything is resolved or rendered, when {@code user} already has {@code limit}. */
    public void check(String user) {
        if (repository.countActive(user, runner) >= limit) {
            throw new TooManyRequestsException("at most " + limit + " queued or running " + what + " per user; cancel one or wait until one ends",
                    retryAfter);
        }
    }

    /** Stores {@code record} for its owner, unless they have reached the limit meanwhile. */
    public void insert(BenchmarkRecord record) {
        synchronized (lock) {
            check(record.owner());
            repository.insert(record);
        }
    }
}
