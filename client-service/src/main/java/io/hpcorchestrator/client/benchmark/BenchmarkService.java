package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.client.LimitProperties;
import io.hpcorchestrator.client.load.BenchmarkRunner;
import io.hpcorchestrator.client.load.InferenceClient;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.PlanJson;
import io.hpcorchestrator.client.load.RequestRecord;
import io.hpcorchestrator.client.load.RunSink;
import io.hpcorchestrator.client.metrics.LiveMetrics;
import io.hpcorchestrator.client.metrics.StepMetrics;
import io.hpcorchestrator.client.web.InvalidRequestException;
import io.hpcorchestrator.client.web.NotFoundException;
import io.hpcorchestrator.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmarks from request to results. Local benchmarks run one at a time on one thread of their own, in the order
 * they were created: two at once on one machine would measure each other. Request records are stored as they
 * arrive; results are computed from them when the run ends (and on demand while it runs).
 *
 * <p>At start-up, a local benchmark left RUNNING or PENDING by a previous process ends INTERRUPTED, with results
 * from what it had stored. Benchmarks run as SLURM jobs ({@code runner = slurm}) are followed by the client-group
 * feature instead.
 *
 * <p>Each benchmark belongs to the user who created it: a user lists and reaches only their own, and another's id is
 * answered as an unknown one. Admins and the suite's services see all of them.
 */
@Service
public class BenchmarkService implements SmartInitializingSingleton, DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BenchmarkService.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(15);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final BenchmarkRepository repository;
    private final TargetResolver targets;
    private final InferenceClient client;
    private final LiveMetrics live;
    private final ClientProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hpc-client-benchmark");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        return thread;
    });
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final ActiveLimit activeLimit;

    public BenchmarkService(BenchmarkRepository repository, TargetResolver targets, InferenceClient client, LiveMetrics live,
            ClientProperties properties, LimitProperties limits, Clock clock, JsonMapper json) {
        this.repository = repository;
        this.activeLimit = new ActiveLimit(repository, BenchmarkRecord.LOCAL, "benchmarks", limits.activeBenchmarksPerUser(), limits.activeRetryAfter());
        this.targets = targets;
        this.client = client;
        this.live = live;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    /** Validates, resolves the target and queues the run for {@code caller}; answers before it starts. */
    public BenchmarkView create(BenchmarkRequest request, Caller caller) {
        LoadPlan plan = new PlanValidator(properties.datasetsDir()).validate(request);
        activeLimit.check(caller.name());
        String baseUrl = targets.baseUrl(request.target(), plan.baseUrl(), caller);
        plan = plan.withTarget(baseUrl, targets.model(baseUrl, plan.model()));
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        BenchmarkRecord record = new BenchmarkRecord(newId(), request.name(), BenchmarkRecord.LOCAL, BenchmarkStatus.PENDING, null,
                PlanJson.write(plan), json.writeValueAsString(request), baseUrl, request.target().serviceId(), plan.model(),
                plan.totalRequests(), null, null, null, false, null, now, now, null, null, caller.name());
        activeLimit.insert(record);
        ActiveRun run = new ActiveRun(new BenchmarkRunner(client, properties.maxInFlight()), new RunProgress(plan));
        active.put(record.id(), run);
        runs.execute(() -> run(record.id(), run));
        log.info("benchmark {} queued: {} {} against {} ({})", record.id(), plan.api().id(), plan.steps().stream().map(LoadStep::label).toList(),
                baseUrl, plan.model());
        return view(record);
    }

    public static String newId() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "bm-" + HexFormat.of().formatHex(bytes);
    }

    private void run(String id, ActiveRun run) {
        try {
            BenchmarkRecord record = repository.find(id).orElse(null);
            if (record == null || !repository.markRunning(id, null, clock.instant())) {
                return;
            }
            LoadPlan plan = PlanJson.read(record.plan());
            LiveMetrics.Recorder meters = live.start(id);
            BenchmarkRunner.Result result;
            try (RequestWriter writer = new RequestWriter(id, repository)) {
                result = run.runner.run(plan, new RecordingSink(id, writer, meters, run.progress));
            } catch (RuntimeException e) {
                log.error("benchmark {} failed", id, e);
                result = new BenchmarkRunner.Result(BenchmarkRunner.Outcome.FAILED, "the run failed: " + e.getMessage());
            } finally {
                meters.ended();
            }
            BenchmarkStatus status = switch (result.outcome()) {
                case COMPLETED -> BenchmarkStatus.COMPLETED;
                case FAILED -> BenchmarkStatus.FAILED;
                case CANCELLED -> run.endAs;
            };
            String reason = switch (status) {
                case CANCELLED -> "cancelled; results hold the requests that had ended";
                case INTERRUPTED -> "the client service stopped during the run; results hold the requests that had ended";
                default -> result.reason();
            };
            end(id, status, reason);
            log.info("benchmark {} {}{}", id, status, reason == null ? "" : ": " + reason);
        } catch (RuntimeException e) {
            log.error("benchmark {}: could not record its end", id, e);
        } finally {
            active.remove(id);
        }
    }

    /** Ends a benchmark that has not ended with {@code status}, computing its results from what is stored. */
    public boolean end(String id, BenchmarkStatus status, String reason) {
        BenchmarkRecord record = repository.find(id).orElseThrow();
        BenchmarkRecord ended = withStatus(record, status);
        String results = json.writeValueAsString(computeResults(ended));
        return repository.finish(id, status, reason, results, clock.instant());
    }

    public BenchmarkView get(String id) {
        return view(find(id));
    }

    /** What {@code caller} may see, newest first. */
    public List<BenchmarkView> list(int limit, int offset, String status, String runner, Caller caller) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit", "must be 1 to 1000");
        }
        if (offset < 0) {
            throw new InvalidRequestException("offset", "must be 0 or more");
        }
        BenchmarkStatus filter = null;
        if (status != null) {
            try {
                filter = BenchmarkStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("status", "must be one of " + List.of(BenchmarkStatus.values()));
            }
        }
        if (runner != null && !runner.equals(BenchmarkRecord.LOCAL) && !runner.equals(BenchmarkRecord.SLURM)) {
            throw new InvalidRequestException("runner", "must be local or slurm");
        }
        return repository.list(limit, offset, filter, runner, caller.ownerFilter().orElse(null)).stream().map(this::view).toList();
    }

    public BenchmarkRecord find(String id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("benchmark", id));
    }

    /** A benchmark {@code caller} may see; another user's is not found, exactly as an unknown id. */
    public BenchmarkRecord find(String id, Caller caller) {
        return repository.find(id).filter(record -> caller.canSee(record.owner())).orElseThrow(() -> new NotFoundException("benchmark", id));
    }

    /**
     * Cancels a local benchmark: a queued one at once, a running one by stopping its sends and aborting its requests
     * in flight (waiting up to 15 s for it to wind down). Results keep what had ended. An ended benchmark is left as it is.
     */
    public BenchmarkView cancel(String id) {
        BenchmarkRecord record = find(id);
        if (record.status().isTerminal()) {
            return view(record);
        }
        ActiveRun run = active.get(id);
        // Only while it is still PENDING: a run that has just started is stopped through its runner below.
        if (record.status() == BenchmarkStatus.PENDING && repository.finishPending(id, BenchmarkStatus.CANCELLED,
                "cancelled before it started", json.writeValueAsString(computeResults(withStatus(record, BenchmarkStatus.CANCELLED))),
                clock.instant())) {
            return view(find(id));
        }
        if (run != null) {
            run.endAs = BenchmarkStatus.CANCELLED;
            run.runner.cancel();
            long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
            while (active.containsKey(id) && System.nanoTime() < deadline) {
                sleep(20);
            }
        }
        return view(find(id));
    }

    /** The results: stored once the benchmark has ended, computed from the records so far while it runs. */
    public Map<String, Object> results(String id) {
        BenchmarkRecord record = find(id);
        if (record.results() != null) {
            return json.readValue(record.results(), MAP);
        }
        return computeResults(record);
    }

    /** Every request record of the benchmark, in step and send order. */
    public void forEachRequest(String id, Consumer<RequestRecord> consumer) {
        repository.forEachRequest(id, consumer);
    }

    public List<BenchmarkRepository.StepRow> steps(String id) {
        return repository.steps(id);
    }

    public long countRequests(String id) {
        return repository.countRequests(id);
    }

    /** Per-step figures with their histograms, for the report. */
    public Map<Integer, StepMetrics> stepMetrics(BenchmarkRecord record) {
        return ResultsAssembler.metrics(PlanJson.read(record.plan()), repository.steps(record.id()),
                consumer -> repository.forEachRequest(record.id(), consumer));
    }

    private Map<String, Object> computeResults(BenchmarkRecord record) {
        LoadPlan plan = PlanJson.read(record.plan());
        List<BenchmarkRepository.StepRow> steps = repository.steps(record.id());
        Map<Integer, StepMetrics> metrics = ResultsAssembler.metrics(plan, steps, consumer -> repository.forEachRequest(record.id(), consumer));
        return ResultsAssembler.assemble(record, plan, steps, metrics);
    }

    BenchmarkView view(BenchmarkRecord record) {
        LoadPlan plan = PlanJson.read(record.plan());
        ActiveRun run = active.get(record.id());
        ProgressView progress;
        if (run != null && record.status() == BenchmarkStatus.RUNNING) {
            progress = run.progress.view();
        } else {
            progress = endedProgress(record, plan);
        }
        Map<String, String> links = new LinkedHashMap<>();
        String self = "/api/v1/benchmarks/" + record.id();
        links.put("self", self);
        links.put("results", self + "/results");
        links.put("results_csv", self + "/results.csv");
        links.put("report", self + "/report");
        return new BenchmarkView(record.id(), record.name(), record.runner(), record.status().name(), record.reason(),
                new BenchmarkView.TargetView(record.targetUrl(), record.serviceId(), record.model()), plan.api().id(), plan.stream(),
                plan.steps().stream().map(LoadStep::label).toList(), progress, record.jobId(), record.createdAt(), record.startedAt(),
                record.endedAt(), links);
    }

    @SuppressWarnings("unchecked")
    private ProgressView endedProgress(BenchmarkRecord record, LoadPlan plan) {
        long completed = 0;
        long failed = 0;
        if (record.results() != null) {
            Map<String, Object> results = json.readValue(record.results(), MAP);
            for (Object step : (List<Object>) results.getOrDefault("steps", List.of())) {
                Map<String, Object> stepResult = (Map<String, Object>) step;
                completed += ((Number) stepResult.getOrDefault("completed", 0)).longValue();
                failed += ((Number) stepResult.getOrDefault("failed", 0)).longValue();
            }
        }
        Double elapsed = record.startedAt() == null ? null
                : Duration.between(record.startedAt(), record.endedAt() != null ? record.endedAt() : clock.instant()).toMillis() / 1000.0;
        String phase = record.status().isTerminal() ? "ended" : record.status() == BenchmarkStatus.PENDING ? "pending" : "measuring";
        return new ProgressView(phase, null, plan.steps().size(), completed + failed, plan.totalRequests(), completed, failed, 0, elapsed,
                record.status().isTerminal() ? 0.0 : null);
    }

    private static BenchmarkRecord withStatus(BenchmarkRecord r, BenchmarkStatus status) {
        return new BenchmarkRecord(r.id(), r.name(), r.runner(), status, r.reason(), r.plan(), r.request(), r.targetUrl(), r.serviceId(),
                r.model(), r.requestsTotal(), r.jobId(), r.jobName(), r.resultPath(), r.cancelRequested(), r.results(), r.createdAt(),
                r.updatedAt(), r.startedAt(), r.endedAt(), r.owner());
    }

    /** Local runs a previous process left unfinished end INTERRUPTED, with what they had stored. */
    @Override
    public void afterSingletonsInstantiated() {
        for (BenchmarkRecord record : repository.withStatus(EnumSet.of(BenchmarkStatus.PENDING, BenchmarkStatus.RUNNING), BenchmarkRecord.LOCAL)) {
            String reason = record.status() == BenchmarkStatus.RUNNING
                    ? "the client service stopped during the run; results hold the requests that had ended"
                    : "the client service stopped before the benchmark started";
            if (end(record.id(), BenchmarkStatus.INTERRUPTED, reason)) {
                log.warn("benchmark {} was {} when the client service stopped: INTERRUPTED", record.id(), record.status());
            }
        }
    }

    /** A stopping service ends its running benchmark INTERRUPTED, with its results, rather than leaving it RUNNING. */
    @Override
    public void destroy() {
        active.forEach((id, run) -> {
            run.endAs = BenchmarkStatus.INTERRUPTED;
            run.runner.cancel();
        });
        runs.shutdown();
        try {
            if (!runs.awaitTermination(CANCEL_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        active.keySet().forEach(id -> {
            try {
                end(id, BenchmarkStatus.INTERRUPTED, "the client service stopped before the benchmark started");
            } catch (RuntimeException e) {
                log.warn("benchmark {}: could not record the interruption: {}", id, e.getMessage());
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A queued or running local benchmark: its runner, its progress, and how it ends if stopped. */
    private static final class ActiveRun {
        final BenchmarkRunner runner;
        final RunProgress progress;
        volatile BenchmarkStatus endAs = BenchmarkStatus.CANCELLED;

        ActiveRun(BenchmarkRunner runner, RunProgress progress) {
            this.runner = runner;
            this.progress = progress;
        }
    }

    /** Records go to the database in batches, to the live meters and to the progress counters. */
    private final class RecordingSink implements RunSink {

        private final String id;
        private final RequestWriter writer;
        private final LiveMetrics.Recorder meters;
        private final RunProgress progress;

        RecordingSink(String id, RequestWriter writer, LiveMetrics.Recorder meters, RunProgress progress) {
            this.id = id;
            this.writer = writer;
            this.meters = meters;
            this.progress = progress;
        }

        @Override
        public void modelResolved(String model) {
            repository.updateModel(id, model);
        }

        @Override
        public void stepStarted(int step, LoadStep load, Instant startedAt) {
            repository.insertStep(id, step, startedAt);
            progress.stepStarted(step);
        }

        @Override
        public void requestSent(int step) {
            meters.sent();
            progress.sent();
        }

        @Override
        public void requestFinished(RequestRecord record) {
            writer.add(record);
            meters.finished(record);
            progress.finished(record.success());
        }

        @Override
        public void stepFinished(int step, long durationUs) {
            writer.flush();
            repository.finishStep(id, step, durationUs);
        }
    }
}
