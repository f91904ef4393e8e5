package io.hpcorchestrator.client.benchmark;

import io.hpcorchestrator.client.load.ApiFlavour;
import io.hpcorchestrator.client.load.DatasetSpec;
import io.hpcorchestrator.client.load.LoadPlan;
import io.hpcorchestrator.client.load.LoadStep;
import io.hpcorchestrator.client.load.Prompt;
import io.hpcorchestrator.client.load.StopCondition;
import io.hpcorchestrator.client.metrics.SloMetric;
import io.hpcorchestrator.client.web.InvalidRequestException;
import io.hpcorchestrator.recipe.FieldError;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a benchmark request and fills in the defaults, collecting every problem before failing so a user can fix
 * a request in one go. Fields are named by their JSON path ({@code load.request_rates[2]}). The target is only
 * checked for form here; {@link TargetResolver} resolves it.
 */
public final class PlanValidator {

    static final List<Double> DEFAULT_PERCENTILES = List.of(50.0, 90.0, 95.0, 99.0);
    static final int DEFAULT_INPUT_LEN = 1024;
    static final int DEFAULT_OUTPUT_LEN = 128;
    static final int DEFAULT_REQUESTS = 1000;
    static final double DEFAULT_TIMEOUT_SECONDS = 600;

    private static final int MAX_LEN = 1 << 20;
    private static final int MAX_REQUESTS = 10_000_000;
    private static final double MAX_DURATION_SECONDS = 7 * 24 * 3600;
    private static final int MAX_STEPS = 100;
    private static final int MAX_CONCURRENCY = 100_000;
    private static final int MAX_WARMUP = 10_000;
    private static final int MAX_PROMPTS = 1_000_000;
    private static final long MAX_PROMPT_BYTES = 256L << 20;
    private static final Set<String> RESERVED_BODY_FIELDS = Set.of("model", "prompt", "messages", "stream", "stream_options");
    static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DATASET_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.jsonl");

    private final Path datasetsDir;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<FieldError> errors = new ArrayList<>();

    /** @param datasetsDir where {@code dataset.jsonl} names files; null when the service has none */
    public PlanValidator(Path datasetsDir) {
        this.datasetsDir = datasetsDir;
    }

    /**
     * The plan, with {@code base_url} the normalised target URL (null for a service, which is resolved later) and the
     * model as given (possibly null).
     *
     * @throws InvalidRequestException listing every problem
     */
    public LoadPlan validate(BenchmarkRequest request) {
        errors.clear();
        if (request == null) {
            throw new InvalidRequestException("(body)", "is missing");
        }
        if (request.name() != null && (request.name().length() > 200 || request.name().chars().anyMatch(Character::isISOControl))) {
            error("name", "must be at most 200 characters, without control characters");
        }
        String baseUrl = target(request.target());
        ApiFlavour api = ApiFlavour.COMPLETIONS;
        if (request.api() != null) {
            try {
                api = ApiFlavour.of(request.api());
            } catch (IllegalArgumentException e) {
                error("api", "must be completions or chat");
            }
        }
        StopCondition stop = stop(request.stop());
        List<LoadStep> steps = load(request.load(), stop);
        DatasetSpec dataset = dataset(request.dataset());
        Map<String, Double> slos = slos(request.slos());
        List<Double> percentiles = percentiles(request.percentiles());
        Double temperature = request.temperature() == null ? 0.0 : request.temperature();
        if (temperature < 0 || temperature > 100) {
            error("temperature", "must be between 0 and 100");
        }
        double timeout = request.requestTimeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : request.requestTimeoutSeconds();
        if (!(timeout > 0) || timeout > 86_400) {
            error("request_timeout_seconds", "must be more than 0 and at most 86400");
        }
        Map<String, Object> extraBody = request.extraBody() == null ? Map.of() : request.extraBody();
        for (String field : extraBody.keySet()) {
            if (RESERVED_BODY_FIELDS.contains(field)) {
                error("extra_body." + field, "is set by the benchmark itself");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(errors));
        }
        String model = request.target().model();
        return new LoadPlan(baseUrl, model, api, request.stream() == null || request.stream(), dataset, steps, stop, temperature,
                request.ignoreEos() != null && request.ignoreEos(), timeout, extraBody, percentiles, slos);
    }

    private String target(BenchmarkRequest.Target target) {
        if (target == null) {
            error("target", "is required: a service_id or a url");
            return null;
        }
        boolean service = target.serviceId() != null;
        boolean url = target.url() != null;
        if (service == url) {
            error("target", "needs exactly one of service_id and url");
            return null;
        }
        if (target.model() != null && (target.model().isBlank() || target.model().length() > 512)) {
            error("target.model", "must be 1 to 512 characters");
        }
        if (service) {
            if (!SERVICE_ID.matcher(target.serviceId()).matches()) {
                error("target.service_id", "must be a service id (svc-...) or a SLURM job id");
            }
            return null;
        }
        return baseUrl(target.url(), "target.url");
    }

    /** {@code http(s)://host[:port][/path]} without a trailing {@code /} or {@code /v1}; null (and an error) when not. */
    String baseUrl(String url, String field) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            error(field, "is not a URL");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            error(field, "must be an http or https URL with a host, without credentials, query or fragment");
            return null;
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("/v1")) {
            text = text.substring(0, text.length() - 3);
        }
        return text;
    }

    private StopCondition stop(BenchmarkRequest.Stop stop) {
        Integer requests = stop == null ? null : stop.requests();
        Double duration = stop == null ? null : stop.durationSeconds();
        Integer warmup = stop == null || stop.warmupRequests() == null ? 1 : stop.warmupRequests();
        if (requests != null && (requests < 1 || requests > MAX_REQUESTS)) {
            error("stop.requests", "must be at least 1 and at most " + MAX_REQUESTS);
        }
        if (duration != null && (!(duration > 0) || duration > MAX_DURATION_SECONDS)) {
            error("stop.duration_seconds", "must be more than 0 and at most " + (long) MAX_DURATION_SECONDS);
        }
        if (warmup < 0 || warmup > MAX_WARMUP) {
            error("stop.warmup_requests", "must be 0 to " + MAX_WARMUP);
        }
        if (requests == null && duration == null) {
            requests = DEFAULT_REQUESTS;
        }
        return new StopCondition(requests, duration, warmup);
    }

    private List<LoadStep> load(BenchmarkRequest.Load load, StopCondition stop) {
        if (load == null) {
            load = new BenchmarkRequest.Load(null, null, null, null, null, null);
        }
        int given = (load.requestRate() != null ? 1 : 0) + (load.requestRates() != null ? 1 : 0) + (load.concurrency() != null ? 1 : 0)
                + (load.concurrencies() != null ? 1 : 0);
        if (given > 1) {
            error("load", "takes one of request_rate, request_rates, concurrency and concurrencies");
            return List.of();
        }
        double burstiness = load.burstiness() == null ? 1.0 : load.burstiness();
        if (!(burstiness > 0) || Double.isInfinite(burstiness)) {
            error("load.burstiness", "must be a number greater than 0");
        }
        boolean closed = load.concurrency() != null || load.concurrencies() != null;
        if (closed && load.maxConcurrency() != null) {
            error("load.max_concurrency", "applies to request rates; a closed loop's concurrency is already its cap");
        }
        if (closed && load.burstiness() != null) {
            error("load.burstiness", "applies to request rates, not to a closed loop");
        }
        if (load.maxConcurrency() != null && (load.maxConcurrency() < 1 || load.maxConcurrency() > MAX_CONCURRENCY)) {
            error("load.max_concurrency", "must be 1 to " + MAX_CONCURRENCY);
        }
        List<LoadStep> steps = new ArrayList<>();
        if (closed) {
            List<Integer> levels = load.concurrency() != null ? List.of(load.concurrency()) : load.concurrencies();
            String field = load.concurrency() != null ? "load.concurrency" : "load.concurrencies";
            sweepSize(field, levels.size());
            for (int i = 0; i < levels.size(); i++) {
                Integer level = levels.get(i);
                String at = load.concurrency() != null ? field : field + "[" + i + "]";
                if (level == null || level < 1 || level > MAX_CONCURRENCY) {
                    error(at, "must be 1 to " + MAX_CONCURRENCY);
                } else {
                    steps.add(LoadStep.closedLoop(level));
                }
            }
            return steps;
        }
        List<Object> rates;
        String field;
        if (load.requestRates() != null) {
            rates = load.requestRates();
            field = "load.request_rates";
            sweepSize(field, rates.size());
        } else {
            rates = java.util.Collections.singletonList(load.requestRate() == null ? "inf" : load.requestRate());
            field = "load.request_rate";
        }
        for (int i = 0; i < rates.size(); i++) {
            String at = load.requestRates() != null ? field + "[" + i + "]" : field;
            Double rate = rate(rates.get(i), at);
            if (rate == null) {
                continue;
            }
            if (rate.isInfinite() && stop.requests() == null) {
                error(at, "'inf' sends every request at once, so it needs stop.requests");
            }
            steps.add(LoadStep.openLoop(rate, burstiness, load.maxConcurrency()));
        }
        return steps;
    }

    private void sweepSize(String field, int size) {
        if (size < 1 || size > MAX_STEPS) {
            error(field, "must list 1 to " + MAX_STEPS + " levels");
        }
    }

    private Double rate(Object value, String field) {
        if (value instanceof Number number) {
            double rate = number.doubleValue();
            if (!(rate > 0) || rate > 1e7) {
                error(field, "must be more than 0 requests per second (and at most 1e7), or \"inf\"");
                return null;
            }
            return rate;
        }
        if (value instanceof String text) {
            if (Set.of("inf", "infinity").contains(text.strip().toLowerCase(Locale.ROOT))) {
                return Double.POSITIVE_INFINITY;
            }
            try {
                return rate(Double.parseDouble(text.strip()), field);
            } catch (NumberFormatException notANumber) {
                // Named below.
            }
        }
        error(field, "must be a number of requests per second, or \"inf\"");
        return null;
    }

    private DatasetSpec dataset(BenchmarkRequest.Dataset dataset) {
        if (dataset == null) {
            dataset = new BenchmarkRequest.Dataset(null, null, null, null, null, null, null, null);
        }
        String type = dataset.type() == null ? (dataset.prompts() != null || dataset.jsonl() != null ? "prompts" : "synthetic") : dataset.type();
        int inputLen = dataset.inputLen() == null ? DEFAULT_INPUT_LEN : dataset.inputLen();
        int outputLen = dataset.outputLen() == null ? DEFAULT_OUTPUT_LEN : dataset.outputLen();
        double rangeRatio = dataset.rangeRatio() == null ? 0 : dataset.rangeRatio();
        long seed = dataset.seed() == null ? 0 : dataset.seed();
        if (outputLen < 1 || outputLen > MAX_LEN) {
            error("dataset.output_len", "must be 1 to " + MAX_LEN);
        }
        DatasetSpec.LengthDistribution distribution = DatasetSpec.LengthDistribution.UNIFORM;
        if (dataset.distribution() != null) {
            try {
                distribution = DatasetSpec.LengthDistribution.of(dataset.distribution());
            } catch (IllegalArgumentException e) {
                error("dataset.distribution", "must be uniform, normal or fixed");
            }
        }
        switch (type) {
            case "synthetic" -> {
                if (inputLen < 1 || inputLen > MAX_LEN) {
                    error("dataset.input_len", "must be 1 to " + MAX_LEN);
                }
                if (!(rangeRatio >= 0 && rangeRatio < 1)) {
                    error("dataset.range_ratio", "must be at least 0 and less than 1");
                }
                if (dataset.prompts() != null || dataset.jsonl() != null) {
                    error("dataset.type", "synthetic takes no prompts or jsonl");
                }
                return new DatasetSpec(DatasetSpec.Type.SYNTHETIC, inputLen, outputLen, rangeRatio, distribution, seed, List.of());
            }
            case "prompts" -> {
                List<Prompt> prompts = prompts(dataset);
                return new DatasetSpec(DatasetSpec.Type.PROMPTS, 0, outputLen, 0, DatasetSpec.LengthDistribution.FIXED, seed, prompts);
            }
            default -> {
                error("dataset.type", "must be synthetic or prompts");
                return null;
            }
        }
    }

    private List<Prompt> prompts(BenchmarkRequest.Dataset dataset) {
        if ((dataset.prompts() == null) == (dataset.jsonl() == null)) {
            error("dataset", "prompts needs exactly one of prompts and jsonl");
            return List.of();
        }
        if (dataset.prompts() != null) {
            List<Prompt> prompts = new ArrayList<>();
            if (dataset.prompts().isEmpty() || dataset.prompts().size() > MAX_PROMPTS) {
                error("dataset.prompts", "must list 1 to " + MAX_PROMPTS + " prompts");
            }
            for (int i = 0; i < dataset.prompts().size(); i++) {
                String prompt = dataset.prompts().get(i);
                if (prompt == null || prompt.isBlank()) {
                    error("dataset.prompts[" + i + "]", "must not be empty");
                } else {
                    prompts.add(new Prompt(prompt, null));
                }
            }
            return prompts;
        }
        return jsonl(dataset.jsonl());
    }

    /** A JSON Lines file in the datasets directory: {@code {"prompt": "...", "output_len": 64}} per line. */
    private List<Prompt> jsonl(String name) {
        if (datasetsDir == null) {
            error("dataset.jsonl", "this client service has no datasets directory (hpc.client.datasets-dir)");
            return List.of();
        }
        if (!DATASET_FILE.matcher(name).matches()) {
            error("dataset.jsonl", "must be a file name ending in .jsonl (letters, digits, '.', '_', '-') in the datasets directory");
            return List.of();
        }
        Path file = datasetsDir.resolve(name);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PROMPT_BYTES) {
                error("dataset.jsonl", "no such file in the datasets directory, or larger than " + (MAX_PROMPT_BYTES >> 20) + " MB");
                return List.of();
            }
            List<Prompt> prompts = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size() && prompts.size() <= MAX_PROMPTS; i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String at = "dataset.jsonl line " + (i + 1);
                JsonNode line;
                try {
                    line = json.readTree(lines.get(i));
                } catch (RuntimeException e) {
                    error(at, "is not JSON");
                    continue;
                }
                JsonNode prompt = line.path("prompt");
                JsonNode outputLen = line.path("output_len");
                if (!prompt.isString() || prompt.stringValue().isBlank()) {
                    error(at, "needs a non-empty string \"prompt\"");
                } else if (!outputLen.isMissingNode() && (!outputLen.isIntegralNumber() || outputLen.intValue() < 1)) {
                    error(at, "\"output_len\" must be a positive integer");
                } else {
                    prompts.add(new Prompt(prompt.stringValue(), outputLen.isMissingNode() ? null : outputLen.intValue()));
                }
                if (errors.size() > 20) {
                    break;
                }
            }
            if (prompts.isEmpty()) {
                error("dataset.jsonl", "holds no prompts");
            }
            return prompts;
        } catch (IOException e) {
            error("dataset.jsonl", "cannot be read");
            return List.of();
        }
    }

    private Map<String, Double> slos(Map<String, Double> slos) {
        Map<String, Double> checked = new LinkedHashMap<>();
        if (slos == null) {
            return checked;
        }
        slos.forEach((metric, limit) -> {
            if (!SloMetric.isKnown(metric)) {
                error("slos." + printable(metric), "is not a metric goodput can be limited on; use " + String.join(", ", SloMetric.NAMES));
            } else if (limit == null || !(limit > 0) || limit.isInfinite()) {
                error("slos." + metric, "must be a number of milliseconds greater than 0");
            } else {
                checked.put(metric, limit);
            }
        });
        return checked;
    }

    private List<Double> percentiles(List<Double> percentiles) {
        if (percentiles == null) {
            return DEFAULT_PERCENTILES;
        }
        if (percentiles.isEmpty() || percentiles.size() > 20) {
            error("percentiles", "must list 1 to 20 percentiles");
        }
        List<Double> checked = new ArrayList<>();
        for (int i = 0; i < percentiles.size(); i++) {
            Double percentile = percentiles.get(i);
            if (percentile == null || !(percentile > 0 && percentile <= 100)) {
                error("percentiles[" + i + "]", "must be more than 0 and at most 100");
            } else if (!checked.contains(percentile)) {
                checked.add(percentile);
            }
        }
        return checked;
    }

    private static String printable(String key) {
        String shown = key.length() > 64 ? key.substring(0, 64) + "..." : key;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
