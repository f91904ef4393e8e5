package io.hpcorchestrator.simulator;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One admitted request producing its tokens on schedule. The first token is due one time-to-first-token
 * after admission, each further one an inter-token latency after the previous one's due time (not after
 * its actual emission, so scheduling delays do not accumulate). The scheduler only hands tokens over; the
 * request's own HTTP thread takes them and does the blocking network writes, so a slow client delays no
 * one else.
 *
 * <p>The slot is freed when the last token is produced, or when the generation is closed early (the client
 * went away), which counts as finished reason {@code abort}.
 */
final class Generation implements AutoCloseable {

    /** A generated token; {@code last} ends the output. */
    record Token(int index, String text, boolean last) {
    }

    private enum State { RUNNING, FINISHED, ABORTED }

    private final InferenceRequest request;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final Metrics metrics;
    private final Admission.Slot slot;
    private final long arrivalNanos;
    private final PseudoText text;
    private final BlockingQueue<Token> tokens = new LinkedBlockingQueue<>();

    private State state = State.RUNNING;
    private ScheduledFuture<?> pending;
    private long dueNanos;
    private long firstTokenNanos;
    private long previousNanos;
    private int emitted;

    private Generation(InferenceRequest request, SimulatorConfig config, ScheduledExecutorService scheduler,
            Metrics metrics, Admission.Slot slot, long arrivalNanos) {
        this.request = request;
        this.config = config;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.slot = slot;
        this.arrivalNanos = arrivalNanos;
        this.text = new PseudoText(request.seed(), request.endpoint() == Endpoint.COMPLETIONS);
    }

    static Generation start(InferenceRequest request, SimulatorConfig config, ScheduledExecutorService scheduler,
            Metrics metrics, Admission.Slot slot, long arrivalNanos) {
        Generation generation = new Generation(request, config, scheduler, metrics, slot, arrivalNanos);
        long admittedNanos = System.nanoTime();
        metrics.admitted(request.promptTokens(), admittedNanos - arrivalNanos);
        synchronized (generation) {
            generation.dueNanos = admittedNanos + config.timeToFirstToken().sampleNanos(ThreadLocalRandom.current());
            generation.scheduleNext();
        }
        return generation;
    }

    /** The next token, waiting for it as long as the schedule says. */
    Token take() throws InterruptedException {
        return tokens.take();
    }

    /** Stops generating if the output is not complete yet (the client is gone); frees the slot either way. */
    @Override
    public void close() {
        boolean abort;
        synchronized (this) {
            abort = state == State.RUNNING;
            if (abort) {
                state = State.ABORTED;
                if (pending != null) {
                    pending.cancel(false);
                }
            }
        }
        if (abort) {
            metrics.aborted();
        }
        slot.close();
    }

    private void scheduleNext() {
        try {
            pending = scheduler.schedule(this::emit, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            state = State.ABORTED;
        }
    }

    private void emit() {
        Token token;
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            long now = System.nanoTime();
            int index = emitted++;
            token = new Token(index, text.next(), emitted == request.outputTokens());
            if (index == 0) {
                firstTokenNanos = now;
                metrics.firstToken(now - arrivalNanos);
            } else {
                metrics.nextToken(now - previousNanos);
            }
            previousNanos = now;
            if (token.last()) {
                state = State.FINISHED;
                metrics.finished(request.finishReason(), emitted, now - arrivalNanos, now - firstTokenNanos);
            } else {
                dueNanos += config.interTokenLatency().sampleNanos(ThreadLocalRandom.current());
                scheduleNext();
            }
        }
        // The slot is free before the client sees the last token, so a client that reads its answer and then
        // the metrics never finds its own request still running.
        if (token.last()) {
            slot.close();
        }
        tokens.add(token);
    }
}
