package io.hpcorchestrator.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run over and over on a daemon thread of its own, from {@link #start()} to {@link #stop()}: the services'
 * background loops (reconcilers, pollers, samplers). A run that throws is logged and the next run comes as planned,
 * since a scheduled executor would otherwise drop the task for good after one failure; a failure that repeats logs
 * its stack trace once, then a line a run until a run succeeds.
 */
public final class RepeatingTask {

    private static final Logger log = LoggerFactory.getLogger(RepeatingTask.class);

    private final String name;
    private final Duration firstDelay;
    private final Duration pause;
    private final boolean fixedRate;
    private final Runnable task;
    private ScheduledExecutorService executor;
    private boolean failing;

    private RepeatingTask(String name, Duration firstDelay, Duration pause, boolean fixedRate, Runnable task) {
        if (pause.isZero() || pause.isNegative()) {
            throw new IllegalArgumentException(name + ": the pause between runs must be positive, not " + pause);
        }
        this.name = name;
        this.firstDelay = firstDelay;
        this.pause = pause;
        this.fixedRate = fixedRate;
        this.task = task;
    }

    /** Runs {@code task} at once, then {@code delay} after each run ends. */
    public static RepeatingTask withDelay(String name, Duration delay, Runnable task) {
        return new RepeatingTask(name, Duration.ZERO, delay, false, task);
    }

    /** Runs {@code task} after {@code firstDelay}, then {@code delay} after each run ends. */
    public static RepeatingTask withDelay(String name, Duration firstDelay, Duration delay, Runnable task) {
        return new RepeatingTask(name, firstDelay, delay, false, task);
    }

    /** Runs {@code task} at once, then every {@code period} from the first start, however long a run takes. */
    public static RepeatingTask atRate(String name, Duration period, Runnable task) {
        return new RepeatingTask(name, Duration.ZERO, period, true, task);
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        if (fixedRate) {
            executor.scheduleAtFixedRate(this::runOnce, firstDelay.toMillis(), pause.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            executor.scheduleWithFixedDelay(this::runOnce, firstDelay.toMillis(), pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Interrupts a run in progress; no run starts after this returns. */
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Only on the loop's thread. A failure that repeats every few seconds logs its stack trace once. */
    private void runOnce() {
        try {
            task.run();
            if (failing) {
                failing = false;
                log.info("{}: runs succeed again", name);
            }
        } catch (RuntimeException e) {
            if (failing) {
                log.warn("{}: a run failed again: {}", name, e.toString());
            } else {
                failing = true;
                log.error("{}: a run failed; the next one comes as planned", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return "RepeatingTask[" + name + ", every " + pause + (fixedRate ? " at a fixed rate" : " after each run") + "]";
    }
}
