package io.hpcorchestrator.simulator;

import java.util.concurrent.ScheduledExecutorService;

/** Admission plus token scheduling: what vLLM's engine does, minus the model. */
final class SimulatedEngine {

    private final SimulatorConfig config;
    private final Admission admission;
    private final Metrics metrics;
    private final ScheduledExecutorService scheduler;

    SimulatedEngine(SimulatorConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        this.scheduler = scheduler;
        this.admission = new Admission(config.maxNumSeqs());
        this.metrics = new Metrics(config.metricsModelName(), config.maxModelLen(), admission);
    }

    /**
     * Waits for a free slot (FIFO), then starts generating.
     *
     * @param arrivalNanos when the request arrived ({@link System#nanoTime()}), the origin of TTFT and E2E latency
     */
    Generation submit(InferenceRequest request, long arrivalNanos) throws InterruptedException {
        Admission.Slot slot = admission.acquire();
        try {
            return Generation.start(request, config, scheduler, metrics, slot, arrivalNanos);
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    Metrics metrics() {
        return metrics;
    }
}
