package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes request records in batches from a thread of its own, so answers are timed without waiting for the database,
 * and at most a quarter of a second of them is lost when the process dies.
 */
final class RequestWriter implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RequestWriter.class);
    private static final int BATCH = 4000;
    private static final long INTERVAL_MS = 250;

    private final String benchmarkId;
    private final BenchmarkRepository repository;
    private final LinkedBlockingQueue<RequestRecord> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object flushed = new Object();
    private volatile boolean closing;
    private volatile long written;
    private volatile long added;

    RequestWriter(String benchmarkId, BenchmarkRepository repository) {
        this.benchmarkId = benchmarkId;
        this.repository = repository;
        this.thread = new Thread(this::loop, "hpc-client-writer-" + benchmarkId);
        thread.setDaemon(true);
        thread.start();
    }

    void add(RequestRecord record) {
        synchronized (flushed) {
            added++;
        }
        queue.add(record);
    }

    /** Waits until everything added so far is in the database. */
    void flush() {
        long target;
        synchronized (flushed) {
            target = added;
        }
        synchronized (flushed) {
            while (written < target && thread.isAlive()) {
                try {
                    flushed.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop() {
        List<RequestRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                RequestRecord first = queue.poll(INTERVAL_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                queue.drainTo(batch);
            }
            if (!batch.isEmpty()) {
                write(batch);
                batch.clear();
            } else if (closing) {
                return;
            }
        }
    }

    private void write(List<RequestRecord> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                repository.insertRequests(benchmarkId, batch);
                break;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    log.error("benchmark {}: {} request records could not be stored", benchmarkId, batch.size(), e);
                    break;
                }
                log.warn("benchmark {}: storing request records failed, retrying: {}", benchmarkId, e.getMessage());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        synchronized (flushed) {
            written += batch.size();
            flushed.notifyAll();
        }
    }

    @Override
    public void close() {
        flush();
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
