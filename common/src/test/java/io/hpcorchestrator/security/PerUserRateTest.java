package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PerUserRateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Test
    void theActionBeyondTheLimitIsRefusedUntilTheOldestLeavesTheWindow() {
        PerUserRate rate = new PerUserRate("deploys", 2, Duration.ofMinutes(1), clock);
        rate.acquire("alice");
        clock.advance(Duration.ofSeconds(20));
        rate.acquire("alice");
        rate.acquire("bob");

        assertThatThrownBy(() -> rate.acquire("alice")).isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(40);
            assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("40");
            assertThat(e.getBody().getDetail()).isEqualTo("at most 2 deploys per minute per user");
        });

        clock.advance(Duration.ofSeconds(40));
        rate.acquire("alice");
    }
}
