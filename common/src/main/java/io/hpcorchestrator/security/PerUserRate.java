package io.hpcorchestrator.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} actions per user in any sliding {@code window}. A refused action is not counted, so a
 * client that honours {@code Retry-After} gets through when the oldest action leaves the window.
 */
public final class PerUserRate {

    private final String what;
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    /** @param what names the action in the refusal, e.g. "deploys" */
    public PerUserRate(String what, int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException(what + " limit must be at least 1");
        }
        this.what = what;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one action of {@code user}, or refuses it with the time until the next one would be allowed. */
    public void acquire(String user) {
        Deque<Instant> times = recent.computeIfAbsent(user, name -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            Instant horizon = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                Duration wait = Duration.between(now, times.peekFirst().plus(window));
                throw new TooManyRequestsException("at most " + limit + " " + what + " per " + describe(window) + " per user", wait);
            }
            times.addLast(now);
        }
    }

    private static String describe(Duration window) {
        return window.equals(Duration.ofMinutes(1)) ? "minute" : window.toSeconds() + " s";
    }
}
