package io.hpcorchestrator.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} unfinished resources (services, benchmarks, ...) per user, counted where they are stored. A
 * user's count and store happen under that user's lock, so two requests arriving together cannot both take the last
 * place. The refusal is a 429 whose {@code Retry-After} is fixed: when a resource will end cannot be known.
 */
public final class PerUserActiveLimit {

    private final String what;
    private final int limit;
    private final Duration retryAfter;
    private final String advice;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param what   the resources as the refusal names them, e.g. "active services"
     * @param advice what the user can do, ending the refusal's detail
     */
    public PerUserActiveLimit(String what, int limit, Duration retryAfter, String advice) {
        this.what = what;
        this.limit = limit;
        this.retryAfter = retryAfter;
        this.advice = advice;
    }

    /** Refuses when {@code active}, the user's unfinished resources, already reaches the limit. */
    public void check(long active) {
        if (active >= limit) {
            throw new TooManyRequestsException("at most " + limit + " " + what + " per user; " + advice, retryAfter);
        }
    }

    /** Runs {@code store} if {@code user}, whose unfinished resources {@code active} counts, is below the limit. */
    public void admit(String user, LongSupplier active, Runnable store) {
        synchronized (locks.computeIfAbsent(user, name -> new Object())) {
            check(active.getAsLong());
            store.run();
        }
    }
}
