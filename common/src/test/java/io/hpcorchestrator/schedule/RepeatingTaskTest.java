package io.hpcorchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RepeatingTaskTest {

    @Test
    void aRunThatThrowsDoesNotEndTheLoop() {
        AtomicInteger runs = new AtomicInteger();
        RepeatingTask loop = RepeatingTask.withDelay("test-loop", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("every other run fails");
            }
        });
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
        } finally {
            loop.stop();
        }
    }

    @Test
    void runsOnADaemonThreadOfItsNameAndStopsForGood() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> thread = new AtomicReference<>();
        RepeatingTask loop = RepeatingTask.atRate("sampler-test", Duration.ofMillis(10), () -> {
            thread.set(Thread.currentThread());
            runs.incrementAndGet();
        });
        assertThat(loop.isRunning()).isFalse();
        loop.start();
        loop.start();
        assertThat(loop.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        loop.stop();

        assertThat(loop.isRunning()).isFalse();
        assertThat(thread.get().getName()).isEqualTo("sampler-test");
        assertThat(thread.get().isDaemon()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.get().isAlive());
        int after = runs.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == after);
    }

    @Test
    void theFirstRunWaitsForItsDelay() {
        AtomicInteger runs = new AtomicInteger();
        RepeatingTask loop = RepeatingTask.withDelay("late-loop", Duration.ofHours(1), Duration.ofMillis(10), runs::incrementAndGet);
        loop.start();
        try {
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 0);
        } finally {
            loop.stop();
        }
    }

    @Test
    void aPauseMustBePositive() {
        assertThatThrownBy(() -> RepeatingTask.withDelay("bad", Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
    }
}
