package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.security.PerUserActiveLimit;
import java.time.Duration;

/** At most {@code limit} queued or running benchmarks of one runner per user, counted in the database. */
public final class ActiveLimit {

    private final BenchmarkRepository repository;
    private final String runner;
    private final PerUserActiveLimit limit;

    /** @param what names the resource in the refusal, e.g. "benchmarks" */
    public ActiveLimit(BenchmarkRepository repository, String runner, String what, int limit, Duration retryAfter) {
        this.repository = repository;
        this.runner = runner;
        this.limit = new PerUserActiveLimit("queued or running " + what, limit, retryAfter, "cancel one or wait until one ends");
    }

    /** Refuses early, before anything is resolved or rendered, when {@code user} already has {@code limit}. */
    public void check(String user) {
        limit.check(repository.countActive(user, runner));
    }

    /** Stores {@code record} for its owner, unless they have reached the limit meanwhile. */
    public void insert(BenchmarkRecord record) {
        limit.admit(record.owner(), () -> repository.countActive(record.owner(), runner), () -> repository.insert(record));
    }
}
