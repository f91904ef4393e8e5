package io.hpcorchestrator.server.lifecycle;

import io.hpcorchestrator.schedule.RepeatingTask;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the reconciler on its own thread, a fixed pause after each cycle, from start-up to shutdown. One bad cycle (a
 * database hiccup) is logged and does not stop the loop.
 */
@Component
class ReconcilerSchedule implements SmartLifecycle {

    private final ReconcilerProperties properties;
    private final RepeatingTask loop;

    ReconcilerSchedule(ServiceReconciler reconciler, ReconcilerProperties properties) {
        this.properties = properties;
        this.loop = RepeatingTask.withDelay("reconciler", properties.interval(), reconciler::reconcileOnce);
    }

    @Override
    public void start() {
        if (properties.enabled()) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
