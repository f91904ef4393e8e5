package io.hpcorchestrator.client.load;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link LoadPlan}: the model is resolved if not given, warm-up requests run and are discarded, then each
 * load step runs in turn until its stop condition, and every answer is reported to the {@link RunSink}.
 *
 * <p>Open loop, without coordinated omission: one dispatcher thread sleeps until each request's intended send time
 * (drawn in advance from the arrival process) and hands it to the asynchronous HTTP client, which returns at once;
 * slow answers hold connections, not the dispatcher, so the schedule is kept however slow the target is. Only a
 * {@code max_concurrency} cap holds requests back, in a FIFO queue, and their latency from the intended time shows
 * that wait. The next request's body is built before sleeping, so building it costs no schedule time.
 *
 * <p>Closed loop: {@code concurrency} requests are started, and each answer starts the next one.
 *
 * <p>{@link #cancel()} stops sending, drops queued requests and aborts those in flight, which are not reported. A
 * runner runs one plan once.
 */
public final class BenchmarkRunner {

    /** Warm-up prompts come from far beyond the measured ones, so they warm caches without repeating them. */
    private static final long WARMUP_INDEX = 1L << 40;
    private static final int WARMUP_CONCURRENCY = 4;

    public enum Outcome { COMPLETED, CANCELLED, FAILED }

    /** How a run ended; {@code reason} says why when it did not complete. */
    public record Result(Outcome outcome, String reason) {
    }

    private final InferenceClient client;
    private final int maxInFlight;
    private final AtomicReference<StepRun> current = new AtomicReference<>();
    private volatile boolean cancelled;

    /**
     * @param maxInFlight requests the client keeps open at most; an open loop that would exceed it records the request
     *                    as failed ({@code client_saturated}) rather than exhausting the machine
     */
    public BenchmarkRunner(InferenceClient client, int maxInFlight) {
        this.client = client;
        this.maxInFlight = maxInFlight;
    }

    /** Runs the plan on the calling thread, which becomes the dispatcher. */
    public Result run(LoadPlan plan, RunSink sink) {
        String model = plan.model();
        if (model == null) {
            try {
                model = client.firstModel(plan.baseUrl());
            } catch (IllegalStateException e) {
                return new Result(Outcome.FAILED, e.getMessage());
            }
        }
        sink.modelResolved(model);
        RequestBodies bodies = new RequestBodies(plan, model, client.json());
        URI uri = URI.create(plan.baseUrl() + plan.api().path());
        Duration timeout = Duration.ofMillis(Math.round(plan.requestTimeoutSeconds() * 1000));

        int warmups = plan.stop().warmupRequests();
        if (warmups > 0 && !cancelled) {
            List<RequestRecord> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            StepRun warmup = new StepRun(-1, LoadStep.closedLoop(Math.min(warmups, WARMUP_CONCURRENCY)),
                    new StopCondition(warmups, null, 0), WARMUP_INDEX, plan, bodies, uri, timeout, answers::add);
            runStep(warmup);
            if (!cancelled && !answers.isEmpty() && answers.stream().noneMatch(RequestRecord::success)) {
                RequestRecord first = answers.get(0);
                return new Result(Outcome.FAILED, "every warm-up request failed, the first with " + first.errorKind() + ": " + first.error());
            }
        }
        for (int i = 0; i < plan.steps().size() && !cancelled; i++) {
            LoadStep load = plan.steps().get(i);
            int step = i;
            StepRun run = new StepRun(step, load, plan.stop(), 0, plan, bodies, uri, timeout, sink::requestFinished) {
                @Override
                void started(Instant at) {
                    sink.stepStarted(step, load, at);
                }

                @Override
                void sent() {
                    sink.requestSent(step);
                }
            };
            long durationUs = runStep(run);
            sink.stepFinished(step, durationUs);
        }
        return cancelled ? new Result(Outcome.CANCELLED, "cancelled") : new Result(Outcome.COMPLETED, null);
    }

    /** Stops the run soon: no more sends, queued requests dropped, requests in flight aborted. Safe from any thread. */
    public void cancel() {
        cancelled = true;
        StepRun run = current.get();
        if (run != null) {
            run.cancel();
        }
    }

    private long runStep(StepRun run) {
        current.set(run);
        try {
            if (cancelled) {
                run.cancel();
            }
            return run.run();
        } finally {
            current.set(null);
        }
    }

    /** One step's requests: the schedule, the concurrency cap's queue and the requests in flight. */
    private class StepRun {

        private final int step;
        private final LoadStep load;
        private final StopCondition stop;
        private final long indexBase;
        private final LoadPlan plan;
        private final RequestBodies bodies;
        private final URI uri;
        private final Duration timeout;
        private final java.util.function.Consumer<RequestRecord> finished;

        private final Object lock = new Object();
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private int active;
        private int nextSeq;
        private boolean sendingDone;
        private final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicInteger inFlightCount = new AtomicInteger();
        private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<Void> drained = new CompletableFuture<>();
        private volatile Thread dispatcher;
        private long startNanos;
        private long deadlineNanos = Long.MAX_VALUE;

        StepRun(int step, LoadStep load, StopCondition stop, long indexBase, LoadPlan plan, RequestBodies bodies, URI uri,
                Duration timeout, java.util.function.Consumer<RequestRecord> finished) {
            this.step = step;
            this.load = load;
            this.stop = stop;
            this.indexBase = indexBase;
            this.plan = plan;
            this.bodies = bodies;
            this.uri = uri;
            this.timeout = timeout;
            this.finished = finished;
        }

        void started(Instant at) {
        }

        void sent() {
        }

        long run() {
            dispatcher = Thread.currentThread();
            started(Instant.now());
            startNanos = System.nanoTime();
            if (stop.durationSeconds() != null) {
                deadlineNanos = startNanos + Math.round(stop.durationSeconds() * 1e9);
            }
            if (load.isClosedLoop()) {
                for (int i = 0; i < load.concurrency(); i++) {
                    if (!nextClosedLoopRequest()) {
                        break;
                    }
                }
            } else {
                openLoop();
            }
            drained.join();
            return (System.nanoTime() - startNanos) / 1000;
        }

        private void openLoop() {
            GammaArrivals arrivals = load.isAllAtOnce() ? null : new GammaArrivals(load.requestRate(), load.burstiness(), plan.dataset().seed());
            double offsetSeconds = 0;
            for (int seq = 0; !cancelled; seq++) {
                if (stop.requests() != null && seq >= stop.requests()) {
                    break;
                }
                long intended = startNanos + Math.round(offsetSeconds * 1e9);
                if (intended >= deadlineNanos) {
                    break;
                }
                RequestBodies.Prepared prepared = bodies.prepare(indexBase + seq);
                parkUntil(intended);
                if (cancelled) {
                    break;
                }
                submit(new Pending(seq, prepared, intended));
                if (arrivals != null) {
                    offsetSeconds += arrivals.nextGapSeconds();
                }
            }
            synchronized (lock) {
                sendingDone = true;
            }
            maybeDrained();
        }

        private void parkUntil(long due) {
            while (!cancelled) {
                long remaining = due - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                LockSupport.parkNanos(remaining);
            }
        }

        private void submit(Pending request) {
            outstanding.incrementAndGet();
            if (load.maxConcurrency() != null) {
                synchronized (lock) {
                    if (active >= load.maxConcurrency()) {
                        waiting.add(request);
                        return;
                    }
                    active++;
                }
            }
            send(request);
        }

        /** Starts the closed loop's next request; false once the step's stop condition is reached. */
        private boolean nextClosedLoopRequest() {
            int seq;
            synchronized (lock) {
                boolean limitReached = stop.requests() != null && nextSeq >= stop.requests();
                if (cancelled || sendingDone || limitReached || System.nanoTime() >= deadlineNanos) {
                    sendingDone = true;
                    seq = -1;
                } else {
                    seq = nextSeq++;
                    outstanding.incrementAndGet();
                }
            }
            if (seq < 0) {
                maybeDrained();
                return false;
            }
            RequestBodies.Prepared prepared = bodies.prepare(indexBase + seq);
            send(new Pending(seq, prepared, System.nanoTime()));
            return true;
        }

        private void send(Pending request) {
            sent();
            if (!load.isClosedLoop() && inFlightCount.get() >= maxInFlight) {
                long now = System.nanoTime();
                record(request, now, now, -1, 0, new int[0], "client_saturated",
                        "the client already had " + maxInFlight + " requests in flight", 0, 0);
                release();
                return;
            }
            inFlightCount.incrementAndGet();
            Exchange exchange = client.start(uri, request.prepared().body(), plan.stream(), plan.api(), timeout,
                    done -> answered(request, done));
            inFlight.add(exchange);
            if (exchange.hasEnded()) {
                inFlight.remove(exchange);
            }
        }

        private void answered(Pending request, Exchange exchange) {
            inFlight.remove(exchange);
            inFlightCount.decrementAndGet();
            if (!exchange.aborted()) {
                boolean success = exchange.succeeded();
                long ttft = success ? exchange.firstContentNanos() : -1;
                int prompt = exchange.promptTokens() >= 0 ? exchange.promptTokens() : request.prepared().estimatedPromptTokens();
                record(request, exchange.sentNanos(), exchange.endNanos(), ttft, success ? exchange.outputTokens() : 0,
                        success ? exchange.itlMicros() : new int[0], exchange.errorKind(), exchange.error(), exchange.httpStatus(), prompt);
            }
            release();
        }

        private void record(Pending request, long sentNanos, long endNanos, long firstContentNanos, int outputTokens, int[] itl,
                String errorKind, String error, int httpStatus, int promptTokens) {
            long sentUs = (sentNanos - startNanos) / 1000;
            finished.accept(new RequestRecord(step, request.seq(), (request.intendedNanos() - startNanos) / 1000, sentUs,
                    firstContentNanos < 0 ? -1 : (firstContentNanos - sentNanos) / 1000, (endNanos - sentNanos) / 1000, itl,
                    promptTokens == 0 ? request.prepared().estimatedPromptTokens() : promptTokens, outputTokens, errorKind, error, httpStatus));
        }

        /** A request has ended: its slot goes to the next queued one, or the closed loop sends its next. */
        private void release() {
            if (load.maxConcurrency() != null) {
                Pending next;
                synchronized (lock) {
                    next = cancelled ? null : waiting.poll();
                    if (next == null) {
                        active--;
                    }
                }
                if (next != null) {
                    send(next);
                }
            }
            if (load.isClosedLoop()) {
                nextClosedLoopRequest();
            }
            outstanding.decrementAndGet();
            maybeDrained();
        }

        private void maybeDrained() {
            boolean done;
            synchronized (lock) {
                done = sendingDone && outstanding.get() == 0;
            }
            if (done) {
                drained.complete(null);
            }
        }

        void cancel() {
            Thread thread = dispatcher;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
            List<Pending> dropped;
            synchronized (lock) {
                dropped = new ArrayList<>(waiting);
                waiting.clear();
            }
            dropped.forEach(ignored -> outstanding.decrementAndGet());
            new ArrayList<>(inFlight).forEach(Exchange::abort);
            maybeDrained();
        }
    }

    private record Pending(int seq, RequestBodies.Prepared prepared, long intendedNanos) {
    }
}
