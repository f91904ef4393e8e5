package io.hpcorchestrator.server.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the reconciler on its own thread, a fixed pause after each cycle, from start-up to shutdown. */
@Component
class ReconcilerSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcilerSchedule.class);

    private final ServiceReconciler reconciler;
    private final ReconcilerProperties properties;
    private ScheduledExecutorService executor;

    ReconcilerSchedule(ServiceReconciler reconciler, ReconcilerProperties properties) {
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "reconciler"));
        executor.scheduleWithFixedDelay(this::runCycle, 0, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runCycle() {
        try {
            reconciler.reconcileOnce();
        } catch (RuntimeException e) {
            // One bad cycle (a database hiccup) must not stop the loop for good.
            log.error("reconcile cycle failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
