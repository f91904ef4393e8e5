package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.client.ClientProperties;
import io.hpcorchestrator.client.LimitProperties;
import io.hpcorchestrator.client.benchmark.ActiveLimit;
import io.hpcorchestrator.client.benchmark.BenchmarkCancellation;
import io.hpcorchestrator.client.benchmark.BenchmarkRecord;
import io.hpcorchestrator.client.benchmark.BenchmarkRepository;
import io.hpcorchestrator.client.benchmark.BenchmarkRequest;
import io.hpcorchestrator.client.benchmark.BenchmarkService;
import io.hpcorchestrator.client.benchmark.BenchmarkStatus;
import io.hpcorchestrator.client.benchmark.BenchmarkView;
import io.hpcorchestrator.client.benchmark.PlanValidator;
import io.hpcorchestrator.client.benchmark.TargetResolver;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.PlanJson;
import io.hpcorchestrator.client.web.InvalidRequestException;
import io.hpcorchestrator.client.web.NotFoundException;
import io.hpcorchestrator.client.web.UpstreamException;
import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.recipe.FieldError;
import io.hpcorchestrator.recipe.TimeLimit;
import io.hpcorchestrator.render.BatchScriptRenderer;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client groups: seed requests become benchmarks with runner {@code slurm}, submitted as a batch job that runs this
 * service's jar near the service. {@link ClientGroupReconciler} follows the jobs and reads their records back. Like
 * benchmarks, a group belongs to the user who started it, against a service of theirs.
 */
@Service
class ClientGroupService implements BenchmarkCancellation {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientGroupService.class);
    /** The renderer takes environment values of up to 64 KiB; the plan travels in one. */
    private static final int MAX_PLAN_CHARS = 60_000;
    private static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(15);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final List<String> SUMMARY_KEYS = List.of("completed", "failed", "errors", "duration", "request_throughput",
            "output_throughput", "total_token_throughput", "mean_ttft_ms", "median_ttft_ms", "p99_ttft_ms", "mean_tpot_ms", "median_tpot_ms",
            "p99_tpot_ms", "mean_itl_ms", "median_itl_ms", "p99_itl_ms", "mean_e2el_ms", "median_e2el_ms", "p99_e2el_ms");

    private final BenchmarkService benchmarks;
    private final BenchmarkRepository repository;
    private final TargetResolver targets;
    private final ObjectProvider<SlurmClient> slurm;
    private final ObjectProvider<BatchScriptRenderer> renderer;
    private final ClusterProperties cluster;
    private final ClientProperties properties;
    private final ClientGroupReconciler reconciler;
    private final Clock clock;
    private final JsonMapper json;
    private final ActiveLimit activeLimit;

    ClientGroupService(BenchmarkService benchmarks, BenchmarkRepository repository, TargetResolver targets, ObjectProvider<SlurmClient> slurm,
            ObjectProvider<BatchScriptRenderer> renderer, ClusterProperties cluster, ClientProperties properties,
            LimitProperties limits, ClientGroupReconciler reconciler, Clock clock, JsonMapper json) {
        this.benchmarks = benchmarks;
        this.repository = repository;
        this.targets = targets;
        this.slurm = slurm;
        this.renderer = renderer;
        this.cluster = cluster;
        this.properties = properties;
        this.reconciler = reconciler;
        this.clock = clock;
        this.json = json;
        this.activeLimit = new ActiveLimit(repository, BenchmarkRecord.SLURM, "client groups", limits.activeClientGroupsPerUser(),
                limits.activeRetryAfter());
    }

    ClientGroupView create(ClientGroupRequest request, Caller caller) {
        Checked checked = check(request);
        activeLimit.check(caller.name());
        ServiceSummary service = targets.runningService(request.serviceId(), "service_id", caller);
        String endpoint = service.endpoint().endsWith("/") ? service.endpoint().substring(0, service.endpoint().length() - 1) : service.endpoint();
        LoadPlan plan = new PlanValidator(null).validate(checked.benchmark(endpoint)).withTarget(endpoint, request.model());
        String planJson = PlanJson.write(plan);
        if (planJson.length() > MAX_PLAN_CHARS) {
            throw new InvalidRequestException("prompts", "are too large for a client group: its plan travels in the job's environment, "
                    + "at most " + MAX_PLAN_CHARS + " characters");
        }
        SlurmClient transport = slurm.getObject();
        if (!transport.canReadFiles()) {
            throw new UpstreamException(501, "Not available on this transport",
                    "client groups need the local or ssh transport, which can read the job's records back; this one is " + transport.transport());
        }
        String id = BenchmarkService.newId();
        String jobName = "hpc-client-" + id.substring(3);
        String workDir = cluster.paths().workDir();
        String recordsFile = workDir + "/" + jobName + ".records.json";
        JobSubmission submission = ClientGroupJob.render(renderer.getObject(), properties.groups(), workDir, jobName, planJson, recordsFile,
                checked.timeLimit(), properties.groups().colocate() ? service.node() : null);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        activeLimit.insert(new BenchmarkRecord(id, "client group of " + service.id(), BenchmarkRecord.SLURM, BenchmarkStatus.PENDING,
                "submitting the job", planJson, json.writeValueAsString(request), endpoint, service.id(), request.model(), plan.totalRequests(),
                null, jobName, recordsFile, false, null, now, now, null, null, caller.name()));
        long jobId;
        try {
            jobId = transport.submit(submission);
        } catch (SlurmException e) {
            benchmarks.end(id, BenchmarkStatus.FAILED, "submission failed: " + e.getMessage());
            throw e;
        }
        repository.setJob(id, jobId, clock.instant());
        repository.observe(id, BenchmarkStatus.PENDING, "job " + jobId + " submitted", null, clock.instant());
        log.info("client group {} submitted as job {} ({} against {})", id, jobId, plan.steps().get(0).label(), endpoint);
        return view(benchmarks.find(id));
    }

    List<ClientGroupView> list(int limit, int offset, Caller caller) {
        return benchmarks.list(limit, offset, null, BenchmarkRecord.SLURM, caller).stream().map(view -> view(benchmarks.find(view.id()))).toList();
    }

    ClientGroupView get(String id, Caller caller) {
        return view(find(id, caller));
    }

    /** Cancels a group of {@code caller}'s; another user's is not found. */
    ClientGroupView cancelGroup(String id, Caller caller) {
        find(id, caller);
        return cancelGroup(id);
    }

    /** Cancels the group's job; the records written until then are read back, so results keep what was measured. */
    private ClientGroupView cancelGroup(String id) {
        BenchmarkRecord group = find(id);
        if (group.status().isTerminal()) {
            return view(group);
        }
        repository.requestCancel(id, clock.instant());
        if (group.jobId() == null) {
            benchmarks.end(id, BenchmarkStatus.CANCELLED, "cancelled before its job was submitted");
            return view(find(id));
        }
        slurm.getObject().cancel(group.jobId());
        log.info("client group {}: job {} cancelled", id, group.jobId());
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (System.nanoTime() < deadline && !find(id).status().isTerminal()) {
            reconciler.reconcile(id);
            sleep(250);
        }
        return view(find(id));
    }

    @Override
    public BenchmarkView cancel(String id) {
        BenchmarkRecord record = benchmarks.find(id);
        if (record.isSlurm()) {
            cancelGroup(id);
            return benchmarks.get(id);
        }
        return benchmarks.cancel(id);
    }

    private BenchmarkRecord find(String id) {
        BenchmarkRecord record = repository.find(id).orElseThrow(() -> new NotFoundException("client group", id));
        if (!record.isSlurm()) {
            throw new NotFoundException("client group", id);
        }
        return record;
    }

    /** A group {@code caller} may see; another user's is not found, exactly as an unknown id. */
    private BenchmarkRecord find(String id, Caller caller) {
        BenchmarkRecord record = find(id);
        if (!caller.canSee(record.owner())) {
            throw new NotFoundException("client group", id);
        }
        return record;
    }

    private ClientGroupView view(BenchmarkRecord record) {
        Map<String, Object> request = record.request() == null ? Map.of() : json.readValue(record.request(), MAP);
        BenchmarkView benchmark = benchmarks.get(record.id());
        Map<String, Object> summary = null;
        if (record.results() != null) {
            Map<String, Object> results = json.readValue(record.results(), MAP);
            summary = new LinkedHashMap<>();
            for (String key : SUMMARY_KEYS) {
                if (results.containsKey(key)) {
                    summary.put(key, results.get(key));
                }
            }
        }
        LoadPlan plan = PlanJson.read(record.plan());
        Map<String, String> links = new LinkedHashMap<>(benchmark.links());
        links.put("self", "/api/v1/client-groups/" + record.id());
        links.put("benchmark", "/api/v1/benchmarks/" + record.id());
        return new ClientGroupView(record.id(), record.id(), record.serviceId(), record.jobId(), record.jobName(), record.status().name(),
                record.reason(), record.targetUrl(), record.model(), number(request.get("num_clients"), 1).intValue(),
                number(request.get("requests_per_second"), 1).doubleValue(), plan.stop().durationSeconds(),
                plan.dataset().outputLen(), plan.temperature(), String.valueOf(timeLimit(request.get("time_limit"), plan.stop().durationSeconds())),
                benchmark.progress(), summary, record.createdAt(), record.startedAt(), record.endedAt(), links);
    }

    private static Number number(Object value, Number fallback) {
        return value instanceof Number n ? n : fallback;
    }

    /** The seed's fields checked, each error naming its field; then the benchmark they make. */
    private Checked check(ClientGroupRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequestException("(body)", "is missing");
        }
        if (request.serviceId() == null || !SERVICE_ID.matcher(request.serviceId()).matches()) {
            errors.add(new FieldError("service_id", "is required: a service id (svc-...) or its SLURM job id"));
        }
        int clients = request.numClients() == null ? 1 : request.numClients();
        if (clients < 1 || clients > 10_000) {
            errors.add(new FieldError("num_clients", "must be 1 to 10000"));
        }
        double rate = request.requestsPerSecond() == null ? 1 : request.requestsPerSecond();
        if (!(rate > 0) || rate > 100_000) {
            errors.add(new FieldError("requests_per_second", "must be more than 0 and at most 100000"));
        }
        double duration = request.durationSeconds() == null ? 60 : request.durationSeconds();
        if (!(duration > 0) || duration > 7 * 24 * 3600) {
            errors.add(new FieldError("duration_seconds", "must be more than 0 and at most 604800 (7 days)"));
        }
        if (request.prompts() != null) {
            if (request.prompts().isEmpty()) {
                errors.add(new FieldError("prompts", "must list at least one prompt, or be left out for synthetic prompts"));
            }
            for (int i = 0; i < request.prompts().size(); i++) {
                if (request.prompts().get(i) == null || request.prompts().get(i).isBlank()) {
                    errors.add(new FieldError("prompts[" + i + "]", "must not be empty"));
                }
            }
        }
        int maxTokens = request.maxTokens() == null ? 128 : request.maxTokens();
        if (maxTokens < 1 || maxTokens > 1 << 20) {
            errors.add(new FieldError("max_tokens", "must be 1 to " + (1 << 20)));
        }
        if (request.temperature() != null && (request.temperature() < 0 || request.temperature() > 100)) {
            errors.add(new FieldError("temperature", "must be between 0 and 100"));
        }
        if (request.api() != null && !List.of("completions", "chat").contains(request.api())) {
            errors.add(new FieldError("api", "must be completions or chat"));
        }
        if (request.model() != null && (request.model().isBlank() || request.model().length() > 512)) {
            errors.add(new FieldError("model", "must be 1 to 512 characters"));
        }
        String timeLimit = null;
        try {
            timeLimit = timeLimit(request.timeLimit(), duration);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("time_limit", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Checked(request, clients, rate, duration, maxTokens, timeLimit);
    }

    /** The job's time limit in SLURM's form: as given, or the duration plus five minutes for start-up and drain. */
    private static String timeLimit(Object given, Double durationSeconds) {
        if (given == null) {
            long seconds = (long) Math.ceil((durationSeconds == null ? 60 : durationSeconds) + 300);
            return new TimeLimit(seconds).toSlurm();
        }
        if (given instanceof Integer minutes) {
            if (minutes < 1) {
                throw new IllegalArgumentException("must be at least 1 minute");
            }
            return new TimeLimit(minutes * 60L).toSlurm();
        }
        if (given instanceof String text) {
            return TimeLimit.parse(text).map(TimeLimit::toSlurm)
                    .orElseThrow(() -> new IllegalArgumentException("must be minutes or a SLURM time such as 01:30:00"));
        }
        throw new IllegalArgumentException("must be minutes or a SLURM time such as 01:30:00");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Checked(ClientGroupRequest request, int clients, double rate, double duration, int maxTokens, String timeLimit) {

        /** {@code num_clients} clients at {@code requests_per_second} each: Poisson arrivals at the sum, at most that many in flight. */
        BenchmarkRequest benchmark(String endpoint) {
            BenchmarkRequest.Dataset dataset = request.prompts() != null
                    ? new BenchmarkRequest.Dataset("prompts", null, maxTokens, null, null, null, request.prompts(), null)
                    : new BenchmarkRequest.Dataset("synthetic", 128, maxTokens, null, null, null, null, null);
            return new BenchmarkRequest(null, new BenchmarkRequest.Target(null, endpoint, request.model()), request.api(), request.stream(), dataset,
                    new BenchmarkRequest.Load(clients * rate, null, null, clients, null, null),
                    new BenchmarkRequest.Stop(null, duration, 1), null, null, request.temperature(), null, null, null);
        }
    }
}
