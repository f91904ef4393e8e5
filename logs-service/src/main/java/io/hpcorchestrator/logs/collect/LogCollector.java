package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.secret.SecretMasker;
import io.hpcorchestrator.logs.store.LinesStored;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.NewLine;
import io.hpcorchestrator.logs.store.SourceState;
import io.hpcorchestrator.logs.store.Stream;
import io.hpcorchestrator.slurm.FileChunk;
import io.hpcorchestrator.slurm.SlurmClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads every known job's stdout and stderr from where the last read stopped and stores new lines. One thread does all
 * writing, which keeps line ids in commit order (what gap-free resumption of live streams rests on) and needs no locks.
 *
 * <pre>
 *  listing from the server ──► services and sources (one per output file, paths from the server's view)
 *                                      │ every cycle, for each source still COLLECTING:
 *                                      ▼
 *   readFile(path, read_offset, chunk) ──► complete lines ──► mask ──► store lines + new read_offset (one transaction)
 *        │ size &lt; read_offset: truncated, read again from 0          │
 *        ▼                                                         ▼ LinesStored event ──► live streams
 *   job ended + linger passed + file read to its end ──► partial last line stored ──► source DONE ──► service DONE
 * </pre>
 *
 * A cycle reads at most {@code max-bytes-per-cycle} of one file, so one loud job cannot starve the others; a file with
 * more to read makes the next cycle start at once instead of after the pause.
 */
@Component
public class LogCollector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LogCollector.class);
    static final String VANISHED = "VANISHED";

    private final LogStore store;
    private final JobOutputFiles files;
    private final SecretMasker masker;
    private final ServerPoller poller;
    private final LogsProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Timer cycles;
    private final Counter truncations;
    private final Counter readErrors;
    private final Counter retainedLines;

    private final Map<String, LoggedService> services = new LinkedHashMap<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private long lastId;
    private Instant lastCollectedAt = Instant.EPOCH;
    private Instant nextRetention = Instant.EPOCH;
    private boolean loaded;

    private volatile double lagSeconds;
    private volatile long backlogBytes;
    private volatile int activeSources;
    private volatile Thread thread;

    /** A source and what the collector knows about it beyond what is stored. */
    private static final class Source {
        SourceState state;
        /** When a read last reached the end of the file (or found no file), or when collection of it began. */
        Instant caughtUpAt;
        boolean caughtUp;
        long lastSeenSize;
        String failing;

        Source(SourceState state, Instant now) {
            this.state = state;
            this.caughtUpAt = now;
        }
    }

    LogCollector(LogStore store, SlurmClient slurm, SecretMasker masker, ServerPoller poller, LogsProperties properties, Clock clock,
            ApplicationEventPublisher events, MeterRegistry meters) {
        this.store = store;
        this.files = new JobOutputFiles(slurm, (int) properties.collect().readChunkBytes().toBytes(), meters);
        this.masker = masker;
        this.poller = poller;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.meters = meters;
        this.cycles = Timer.builder("hpc.logs.collection.cycles").description("collection cycles over every active file").register(meters);
        this.truncations = Counter.builder("hpc.logs.truncations").description("files found shorter than what had been read").register(meters);
        this.readErrors = Counter.builder("hpc.logs.read.errors").description("reads of job output that failed").register(meters);
        this.retainedLines = Counter.builder("hpc.logs.retention.deleted.lines").description("lines deleted by retention").register(meters);
        Gauge.builder("hpc.logs.collection.lag", this, c -> c.lagSeconds).baseUnit("seconds")
                .description("the longest time any active file has not been read to its end").register(meters);
        Gauge.builder("hpc.logs.collection.backlog", this, c -> c.backlogBytes).baseUnit("bytes")
                .description("bytes written to active files and not read yet, as of the last reads").register(meters);
        Gauge.builder("hpc.logs.sources.active", this, c -> c.activeSources).description("output files being collected").register(meters);
    }

    // ---- lifecycle

    @Override
    public synchronized void start() {
        if (!properties.collect().enabled() || thread != null) {
            return;
        }
        load();
        log.info("collecting job output through the {} transport, {} services known, {} secret values masked", files.transport(),
                services.size(), masker.count());
        Thread worker = new Thread(this::run, "log-collector");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    @Override
    public synchronized void stop() {
        Thread worker = thread;
        thread = null;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        long pause = properties.collect().interval().toMillis();
        while (thread == Thread.currentThread()) {
            boolean backlog = false;
            try {
                backlog = cycle(poller.take());
            } catch (RuntimeException e) {
                // A database hiccup must not end collection for good. What is in memory may no longer match what
                // committed (a commit whose answer was lost), so the next cycle starts again from the database.
                log.error("collection cycle failed; reloading the collection state from the database", e);
                unload();
            }
            if (!backlog) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The stored state, once: every source is read again from its stored offset, so nothing is stored twice. */
    void load() {
        if (loaded) {
            return;
        }
        Instant now = clock.instant();
        store.services().forEach(service -> services.put(service.serviceId(), service));
        store.sources().forEach(source -> sources.put(key(source.serviceId(), source.stream()), new Source(source, now)));
        lastId = store.lastLineId();
        lastCollectedAt = store.lastCollectedAt().orElse(Instant.EPOCH);
        loaded = true;
    }

    private void unload() {
        services.clear();
        sources.clear();
        loaded = false;
    }

    /**
     * One cycle: take a new listing if there is one, read every active file, end what has ended, apply retention when
     * due. Returns whether a file has more to read right away.
     */
    boolean cycle(Optional<ServicesSnapshot> listing) {
        load();
        Timer.Sample sample = Timer.start(meters);
        listing.ifPresent(this::apply);
        boolean backlog = false;
        Instant now = clock.instant();
        double lag = 0;
        long behind = 0;
        int active = 0;
        for (Source source : sources.values()) {
            if (source.state.done()) {
                continue;
            }
            active++;
            backlog |= collect(source);
            lag = Math.max(lag, source.caughtUp ? 0 : Duration.between(source.caughtUpAt, now).toMillis() / 1000.0);
            behind += Math.max(0, source.lastSeenSize - source.state.readOffset());
        }
        lagSeconds = lag;
        backlogBytes = behind;
        activeSources = active;
        finishEnded();
        if (!clock.instant().isBefore(nextRetention)) {
            applyRetention();
            nextRetention = clock.instant().plus(properties.retention().interval());
        }
        sample.stop(cycles);
        return backlog;
    }

    // ---- services from the server

    private void apply(ServicesSnapshot listing) {
        masker.reload();
        Instant now = clock.instant();
        Set<String> listed = new HashSet<>();
        for (ServiceSummary summary : listing.services()) {
            listed.add(summary.id());
            LoggedService known = services.get(summary.id());
            if (known != null && known.done()) {
                // Collected before owners were kept: the server still knows whose it is.
                if (known.owner() == null && summary.owner() != null) {
                    LoggedService owned = known.withOwner(summary.owner());
                    store.saveService(owned);
                    services.put(owned.serviceId(), owned);
                }
                continue;
            }
            Instant endedAt = summary.isTerminal() ? firstNonNull(summary.endedAt(), known == null ? null : known.endedAt(), now) : null;
            LoggedService next = new LoggedService(summary.id(), summary.jobId(), summary.name(), summary.recipeName(), summary.status(),
                    endedAt, LoggedService.COLLECTING, known == null ? now : known.firstSeenAt(), now, summary.owner());
            if (known == null || !Objects.equals(known.jobId(), next.jobId()) || !Objects.equals(known.status(), next.status())
                    || !Objects.equals(known.endedAt(), next.endedAt()) || !Objects.equals(known.name(), next.name())
                    || !Objects.equals(known.owner(), next.owner())) {
                store.saveService(next);
                services.put(next.serviceId(), next);
            }
            if (summary.jobId() != null) {
                track(summary.id(), Stream.STDOUT, summary.stdoutPath(), summary.jobId(), now);
                if (summary.stderrPath() != null && !summary.stderrPath().equals(summary.stdoutPath())) {
                    track(summary.id(), Stream.STDERR, summary.stderrPath(), summary.jobId(), now);
                }
            }
        }
        // A service the server no longer lists (its database was reset) is treated as ended now, so collection stops.
        for (LoggedService known : new ArrayList<>(services.values())) {
            if (!listed.contains(known.serviceId()) && !known.done() && known.endedAt() == null) {
                LoggedService vanished = new LoggedService(known.serviceId(), known.jobId(), known.name(), known.recipeName(), VANISHED,
                        now, LoggedService.COLLECTING, known.firstSeenAt(), now, known.owner());
                store.saveService(vanished);
                services.put(vanished.serviceId(), vanished);
            }
        }
    }

    private void track(String serviceId, Stream stream, String path, long jobId, Instant now) {
        if (path == null || path.isBlank()) {
            return;
        }
        Source source = sources.get(key(serviceId, stream));
        if (source == null) {
            SourceState state = SourceState.start(serviceId, stream, path, jobId);
            store.saveSource(state);
            sources.put(key(serviceId, stream), new Source(state, now));
        } else if (!source.state.done() && !source.state.path().equals(path)) {
            log.info("service {} writes its {} to {} now (job {}); reading that file from its start", serviceId, stream.key(), path, jobId);
            source.state = source.state.movedTo(path, jobId);
            store.saveSource(source.state);
        }
    }

    // ---- reading files

    /** Reads one file up to its end or the cycle's budget; returns whether more is waiting. */
    private boolean collect(Source source) {
        LoggedService service = services.get(source.state.serviceId());
        boolean ended = service != null && service.endedAt() != null;
        int maxLine = properties.collect().maxLineBytes();
        long budget = properties.collect().maxBytesPerCycle().toBytes();
        source.caughtUp = false;
        while (true) {
            int want = (int) Math.min(files.maxBytes(), budget);
            if (want < 2 * maxLine) {
                return true;
            }
            SourceState state = source.state;
            Optional<FileChunk> read;
            try {
                read = files.read(state.path(), state.readOffset(), want);
                if (source.failing != null) {
                    log.info("reading {} works again", state.path());
                    source.failing = null;
                }
            } catch (RuntimeException e) {
                readErrors.increment();
                if (!Objects.equals(source.failing, e.getMessage())) {
                    log.warn("cannot read {} of service {}: {}", state.path(), state.serviceId(), e.getMessage());
                    source.failing = e.getMessage();
                }
                return false;
            }
            if (read.isEmpty()) {
                // Not written yet (the job is pending), or never will be: either way there is nothing to wait for.
                markCaughtUp(source);
                return false;
            }
            FileChunk chunk = read.get();
            source.lastSeenSize = chunk.size();
            if (chunk.size() < state.readOffset()) {
                truncations.increment();
                log.warn("{} of service {} shrank from {} to {} bytes (truncated or replaced); reading it again from the start",
                        state.path(), state.serviceId(), state.readOffset(), chunk.size());
                source.state = state.truncated(chunk.size());
                store.saveSource(source.state);
                continue;
            }
            byte[] data = chunk.data();
            boolean atEnd = state.readOffset() + data.length >= chunk.size();
            if (data.length == 0 && !atEnd) {
                // The file changed between its size and its bytes being read; the next cycle sees it settled.
                return false;
            }
            LineSplitter.Split split = LineSplitter.split(data, data.length, maxLine, ended && atEnd);
            if (!split.lines().isEmpty()) {
                store(source, split, chunk.size());
            }
            budget -= data.length;
            if (atEnd) {
                markCaughtUp(source);
                return false;
            }
        }
    }

    private void store(Source source, LineSplitter.Split split, long fileSize) {
        SourceState state = source.state;
        Instant collectedAt = monotonicNow();
        List<NewLine> lines = new ArrayList<>(split.lines().size());
        long lineNo = state.nextLine();
        long bytes = 0;
        for (byte[] raw : split.lines()) {
            String text = masker.mask(new String(raw, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD'));
            lines.add(new NewLine(lineNo++, text, raw.length));
            bytes += raw.length;
        }
        SourceState next = state.withRead(state.readOffset() + split.consumed(), fileSize, lineNo, lines.size(), bytes, collectedAt);
        store.append(next, lines, lastId + 1, collectedAt);
        lastId += lines.size();
        source.state = next;
        String stream = state.stream().key();
        meters.counter("hpc.logs.collected.lines", "stream", stream).increment(lines.size());
        meters.counter("hpc.logs.collected.bytes", "stream", stream).increment(split.consumed());
        events.publishEvent(new LinesStored(state.serviceId(), lastId));
    }

    private void markCaughtUp(Source source) {
        source.caughtUp = true;
        source.caughtUpAt = clock.instant();
    }

    /** Ids and collection times rise together, which is what lets a time bound become an id bound. */
    private Instant monotonicNow() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (now.isBefore(lastCollectedAt)) {
            now = lastCollectedAt;
        }
        lastCollectedAt = now;
        return now;
    }

    // ---- ending collection

    /** Services whose job ended more than the linger ago and whose files have been read to their end are done. */
    private void finishEnded() {
        Instant now = clock.instant();
        for (LoggedService service : new ArrayList<>(services.values())) {
            if (service.done() || service.endedAt() == null || now.isBefore(service.endedAt().plus(properties.collect().linger()))) {
                continue;
            }
            boolean allDone = true;
            for (Stream stream : Stream.values()) {
                Source source = sources.get(key(service.serviceId(), stream));
                if (source == null || source.state.done()) {
                    continue;
                }
                if (source.caughtUp) {
                    source.state = source.state.finished();
                    store.saveSource(source.state);
                } else {
                    allDone = false;
                }
            }
            if (allDone) {
                LoggedService done = new LoggedService(service.serviceId(), service.jobId(), service.name(), service.recipeName(),
                        service.status(), service.endedAt(), LoggedService.DONE, service.firstSeenAt(), now, service.owner());
                store.saveService(done);
                services.put(done.serviceId(), done);
                events.publishEvent(new LinesStored(done.serviceId(), lastId));
            }
        }
    }

    // ---- retention

    private void applyRetention() {
        Instant cutoff = clock.instant().minus(properties.retention().maxAge());
        OptionalLong old = store.lastIdCollectedBefore(cutoff);
        if (old.isPresent()) {
            forget(store.deleteUpTo(old.getAsLong()));
        }
        long stored = sources.values().stream().mapToLong(source -> source.state.storedBytes()).sum();
        long excess = stored - properties.retention().maxBytes().toBytes();
        if (excess > 0) {
            OptionalLong upTo = store.idFreeing(excess);
            if (upTo.isPresent()) {
                forget(store.deleteUpTo(upTo.getAsLong()));
            }
        }
    }

    private void forget(List<LogStore.Removed> removed) {
        long lines = 0;
        for (LogStore.Removed r : removed) {
            Source source = sources.get(key(r.serviceId(), r.stream()));
            if (source != null) {
                source.state = source.state.withoutStored(r.lines(), r.bytes());
            }
            lines += r.lines();
        }
        if (lines > 0) {
            retainedLines.increment(lines);
            log.info("retention deleted {} lines of {} files", lines, removed.size());
        }
    }

    private static String key(String serviceId, Stream stream) {
        return serviceId + "/" + stream.key();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
