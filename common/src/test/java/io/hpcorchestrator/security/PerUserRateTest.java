package io.hpcorchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PerUserRateTest {

    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void theActionBeyondTheLimitIsRefusedUntilTheOldestLeavesTheWindow() {
        PerUserRate rate = new PerUserRate("deploys", 2, Duration.ofMinutes(1), clock);
        rate.acquire("alice");
        now = now.plusSeconds(20);
        rate.acquire("alice");
        rate.acquire("bob");

        assertThatThrownBy(() -> rate.acquire("alice")).isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(40);
            assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("40");
            assertThat(e.getBody().getDetail()).isEqualTo("at most 2 deploys per minute per user");
        });

        now = now.plusSeconds(40);
        rate.acquire("alice");
    }
}
