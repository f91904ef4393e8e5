package io.hpcorchestrator.client.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** Keeps every record of a run, for tests that look at each request. */
final class CollectingSink implements RunSink {

    private final List<RequestRecord> records = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, Long> durations = new ConcurrentHashMap<>();
    volatile String model;

    @Override
    public void modelResolved(String resolved) {
        model = resolved;
    }

    @Override
    public void stepStarted(int step, LoadStep load, Instant startedAt) {
    }

    @Override
    public void requestFinished(RequestRecord record) {
        records.add(record);
    }

    @Override
    public void stepFinished(int step, long durationUs) {
        durations.put(step, durationUs);
    }

    /** In send order. */
    List<RequestRecord> records() {
        synchronized (records) {
            List<RequestRecord> copy = new ArrayList<>(records);
            copy.sort(Comparator.comparingInt(RequestRecord::step).thenComparingInt(RequestRecord::seq));
            return copy;
        }
    }
}
