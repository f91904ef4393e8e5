package io.hpcorchestrator.simulator;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulator's scheduler: at most {@code capacity} requests generate at once; later ones wait in arrival
 * order, like vLLM's {@code --max-num-seqs} with its FCFS waiting queue. A slot passes straight from the
 * request that frees it to the oldest waiting one, so the queue cannot be overtaken.
 */
final class Admission {

    private final int capacity;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int running;

    Admission(int capacity) {
        this.capacity = capacity;
    }

    /** A place among the running requests; closing it (any number of times) frees it once. */
    final class Slot implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release();
            }
        }
    }

    /** Blocks until the request may run. */
    Slot acquire() throws InterruptedException {
        CompletableFuture<Void> turn;
        synchronized (this) {
            if (running < capacity && waiting.isEmpty()) {
                running++;
                return new Slot();
            }
            turn = new CompletableFuture<>();
            waiting.add(turn);
        }
        try {
            turn.get();
            return new Slot();
        } catch (InterruptedException e) {
            boolean stillWaiting;
            synchronized (this) {
                stillWaiting = waiting.remove(turn);
            }
            if (!stillWaiting) {
                release();
            }
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("admission futures never fail", e);
        }
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.complete(null);
        }
    }
}
