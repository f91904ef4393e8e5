package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.store.LinesStored;
import io.hpcorchestrator.logs.store.LogLine;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.Stream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live streams. Each stream has a cursor, the id of the last line it sent; it sends what the database holds after the
 * cursor, in id order, whenever the collector reports stored lines (and at every heartbeat, in case a report was
 * missed). Because the one collector hands out ids in commit order, "after the cursor" never skips a line that
 * commits later, and a client that reconnects with {@code Last-Event-ID} gets exactly the lines it has not seen.
 *
 * <p>A stream ends with an {@code end} event once the service's collection is done and every line has been sent.
 */
@Component
class LogFollowers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LogFollowers.class);

    private final LogStore store;
    private final LogsProperties.Follow settings;
    private final Map<String, Set<Follower>> byService = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile ScheduledExecutorService pool;

    /** One open stream. Its lock keeps sends in order; only one thread pumps it at a time. */
    private static final class Follower {
        final String serviceId;
        final Stream stream;
        final SseEmitter emitter;
        final ReentrantLock lock = new ReentrantLock();
        final AtomicBoolean pending = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        long cursor;

        Follower(String serviceId, Stream stream, SseEmitter emitter, long cursor) {
            this.serviceId = serviceId;
            this.stream = stream;
            this.emitter = emitter;
            this.cursor = cursor;
        }
    }

    /** The data of the {@code end} event. */
    record End(String serviceId, long lastEventId) {
    }

    LogFollowers(LogStore store, LogsProperties properties, MeterRegistry meters) {
        this.store = store;
        this.settings = properties.follow();
        Gauge.builder("hpc.logs.followers", open, AtomicInteger::get).description("open live streams").register(meters);
    }

    /** A stream of the service's lines with ids above {@code cursor}. */
    SseEmitter open(String serviceId, Stream stream, long cursor) {
        if (open.incrementAndGet() > settings.maxFollowers()) {
            open.decrementAndGet();
            throw new TooManyFollowersException(settings.maxFollowers());
        }
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        Follower follower = new Follower(serviceId, stream, emitter, cursor);
        byService.computeIfAbsent(serviceId, id -> ConcurrentHashMap.newKeySet()).add(follower);
        emitter.onCompletion(() -> close(follower));
        emitter.onTimeout(() -> {
            close(follower);
            emitter.complete();
        });
        emitter.onError(error -> close(follower));
        schedule(follower);
        return emitter;
    }

    @EventListener
    void linesStored(LinesStored event) {
        Set<Follower> followers = byService.get(event.serviceId());
        if (followers != null) {
            followers.forEach(this::schedule);
        }
    }

    private void schedule(Follower follower) {
        ScheduledExecutorService executor = pool;
        if (executor != null && !follower.closed.get() && follower.pending.compareAndSet(false, true)) {
            try {
                executor.execute(() -> pump(follower));
            } catch (RejectedExecutionException e) {
                follower.pending.set(false);
            }
        }
    }

    /** Sends one batch after the cursor; schedules itself again while there is more. */
    private void pump(Follower follower) {
        follower.lock.lock();
        try {
            follower.pending.set(false);
            if (follower.closed.get()) {
                return;
            }
            // Done is read before the lines: the collector marks a service done only after its last lines committed,
            // so if it is done, this read of lines is complete.
            boolean done = store.findService(follower.serviceId).map(LoggedService::done).orElse(false);
            List<LogLine> lines = store.after(follower.serviceId, follower.stream, follower.cursor, settings.batchSize());
            for (LogLine line : lines) {
                follower.emitter.send(SseEmitter.event().id(Long.toString(line.id())).data(line, MediaType.APPLICATION_JSON));
                follower.cursor = line.id();
            }
            if (lines.size() == settings.batchSize()) {
                schedule(follower);
            } else if (lines.isEmpty() && done) {
                follower.emitter.send(SseEmitter.event().name("end").data(new End(follower.serviceId, follower.cursor),
                        MediaType.APPLICATION_JSON));
                close(follower);
                follower.emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away; the container reports it through the emitter's callbacks too.
            close(follower);
        } catch (RuntimeException e) {
            log.warn("live stream of {} failed: {}", follower.serviceId, e.toString());
            close(follower);
            follower.emitter.completeWithError(e);
        } finally {
            follower.lock.unlock();
        }
    }

    private void heartbeat() {
        byService.values().forEach(followers -> followers.forEach(follower -> {
            if (follower.lock.tryLock()) {
                try {
                    if (!follower.closed.get()) {
                        follower.emitter.send(SseEmitter.event().comment("keep-alive"));
                    }
                } catch (IOException | IllegalStateException e) {
                    close(follower);
                } finally {
                    follower.lock.unlock();
                }
            }
            schedule(follower);
        }));
    }

    private void close(Follower follower) {
        if (follower.closed.compareAndSet(false, true)) {
            open.decrementAndGet();
            byService.computeIfPresent(follower.serviceId, (id, followers) -> {
                followers.remove(follower);
                return followers.isEmpty() ? null : followers;
            });
        }
    }

    int openStreams() {
        return open.get();
    }

    @Override
    public synchronized void start() {
        if (pool == null) {
            ScheduledExecutorService executor = Executors.newScheduledThreadPool(settings.threads(), runnable -> {
                Thread thread = new Thread(runnable, "log-follow");
                thread.setDaemon(true);
                return thread;
            });
            long heartbeat = settings.heartbeat().toMillis();
            executor.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
            pool = executor;
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = pool;
        pool = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        byService.values().forEach(followers -> followers.forEach(follower -> follower.emitter.complete()));
    }

    @Override
    public synchronized boolean isRunning() {
        return pool != null;
    }
}
